// Compiles each pattern of a list with java.util.regex.Pattern and prints Java's verdict, so
// gatewright's own checker (src/java_regex) can be tested against the real thing without a JDK.
//
//   java Verdicts.java patterns.txt > ../../tests/data/java_regex_verdicts.tsv
//
// (regenerate.sh does exactly this). Input: one pattern per line, UTF-8. Blank lines are
// skipped; lines starting with "## " are section headings and are copied as "# " comments.
// Characters a line cannot hold are written as control pictures: U+2409 for TAB, U+240A for
// LF, U+240D for CR. The output repeats each pattern as written, so the same decoding applies.
//
// Output, one row per pattern, tab-separated:
//   verdict   "accept" or "refuse"
//   index     for a refusal, PatternSyntaxException.getIndex() (Java's 0-based position, in
//             UTF-16 units of the pattern after \Q..\E quoting is rewritten); "-" otherwise
//   pattern   as written in the input
//   message   for a refusal, Java's description; empty otherwise
//
//   java --add-opens java.base/java.lang=ALL-UNNAMED Verdicts.java --unicode-names
//
// prints the Unicode block and script names this JDK accepts in \p{InX}, \p{blk=X}, \p{IsX}
// and \p{sc=X} (upper-cased, as Java looks them up), for src/java_regex/unicode_names.txt.
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class Verdicts {
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        if (args.length == 1 && args[0].equals("--unicode-names")) {
            unicodeNames();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java Verdicts.java PATTERNS_FILE");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        out.append("# Verdicts of java.util.regex.Pattern.compile, written by scripts/java-regex-verdicts/Verdicts.java\n");
        out.append("# from scripts/java-regex-verdicts/patterns.txt; regenerate with scripts/java-regex-verdicts/regenerate.sh.\n");
        out.append("# java.version=").append(System.getProperty("java.version")).append('\n');
        out.append("# columns: verdict, Java's error index (- when accepted), pattern, Java's message\n");
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("## ")) {
                out.append("# ").append(line.substring(3)).append('\n');
                continue;
            }
            String pattern = decode(line);
            try {
                Pattern.compile(pattern);
                out.append("accept\t-\t").append(line).append("\t\n");
            } catch (PatternSyntaxException e) {
                out.append("refuse\t").append(e.getIndex()).append('\t').append(line).append('\t')
                   .append(oneLine(e.getDescription())).append('\n');
            } catch (RuntimeException | StackOverflowError e) {
                // Anything but a syntax error is a refusal too: API Gateway cannot use the pattern.
                out.append("refuse\t-1\t").append(line).append('\t')
                   .append(e.getClass().getSimpleName()).append('\n');
            }
        }
        System.out.print(out);
    }

    static void unicodeNames() throws ReflectiveOperationException {
        StringBuilder out = new StringBuilder();
        out.append("# Unicode block and script names java.util.regex accepts (upper-cased, as it looks them up),\n");
        out.append("# written by scripts/java-regex-verdicts/Verdicts.java --unicode-names (regenerate.sh).\n");
        out.append("# java.version=").append(System.getProperty("java.version")).append('\n');
        // One line per block or script: every name it answers to, `|`-separated.
        TreeMap<String, TreeSet<String>> blocks = new TreeMap<>();
        for (Map.Entry<?, ?> e : privateMap(Character.UnicodeBlock.class, "map").entrySet()) {
            blocks.computeIfAbsent(e.getValue().toString(), k -> new TreeSet<>()).add((String) e.getKey());
        }
        for (TreeSet<String> names : blocks.values()) {
            out.append("block ").append(String.join("|", names)).append('\n');
        }
        TreeMap<String, TreeSet<String>> scripts = new TreeMap<>();
        for (Character.UnicodeScript s : Character.UnicodeScript.values()) {
            scripts.computeIfAbsent(s.name(), k -> new TreeSet<>()).add(s.name());
        }
        for (Map.Entry<?, ?> e : privateMap(Character.UnicodeScript.class, "aliases").entrySet()) {
            scripts.computeIfAbsent(e.getValue().toString(), k -> new TreeSet<>()).add((String) e.getKey());
        }
        for (TreeSet<String> names : scripts.values()) {
            out.append("script ").append(String.join("|", names)).append('\n');
        }
        System.out.print(out);
    }

    static Map<?, ?> privateMap(Class<?> owner, String name) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return (Map<?, ?>) f.get(null);
    }

    static String decode(String line) {
        return line.replace('\u2409', '\t').replace('\u240A', '\n').replace('\u240D', '\r');
    }

    /** Java's message on one line, control characters shown as control pictures (U+2400...). */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 ? (char) (0x2400 + c) : c);
        }
        return b.toString();
    }
}
