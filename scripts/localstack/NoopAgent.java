// LocalStack starts DynamoDB Local with -javaagent:<lib>/dynamodb-local/2/ddb-local-loader-0.1.jar
// and the JVM refuses to start without a jar whose manifest names a Premain-Class. LocalStack's
// own agent only lifts DynamoDB Local's limit of 20 GSIs per table and cannot be downloaded on
// these machines, so scripts/localstack.sh builds this empty agent in its place.
public final class NoopAgent {
    private NoopAgent() {}

    public static void premain(String args, java.lang.instrument.Instrumentation inst) {}
}
