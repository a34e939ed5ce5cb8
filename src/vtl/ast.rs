//! The parsed form of a mapping template: text, references, directives and expressions.

/// Where a construct starts in the template (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// One step after the head of a reference: `.name`, `.name(args)` or `[index]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `.name`: a map key, or a bean property (`$s.empty` is `$s.isEmpty()`).
    Prop(String),
    /// `.name(args)`: a method call.
    Call(String, Vec<Expr>),
    /// `[expr]`: a list index or map key.
    Index(Expr),
}

/// A reference such as `$input.path('$.a')`, `${x}` or `$!list[0]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    /// The variable it starts from (`input`, `util`, `context`, a `#set` variable).
    pub head: String,
    /// What follows the head.
    pub steps: Vec<Step>,
    /// `$!x`: renders nothing when the value is null.
    pub quiet: bool,
    /// The reference exactly as written, for messages.
    pub source: String,
    /// Where it starts.
    pub pos: Pos,
}

/// Binary operators, by the precedence Velocity gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `||`, `or`
    Or,
    /// `&&`, `and`
    And,
    /// `==`, `eq`
    Eq,
    /// `!=`, `ne`
    Ne,
    /// `<`, `lt`
    Lt,
    /// `<=`, `le`
    Le,
    /// `>`, `gt`
    Gt,
    /// `>=`, `ge`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

/// An expression inside a directive or a method's arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A reference.
    Ref(Box<Ref>),
    /// `"text with $refs"`: interpolated when evaluated.
    Interpolated(Vec<Node>),
    /// `'text'` (no interpolation).
    Str(String),
    /// An integer literal.
    Int(i64),
    /// A decimal literal.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `[a..b]`: the integers from a to b, both included (counting down when b < a).
    Range(Box<Expr>, Box<Expr>),
    /// `{k: v}`.
    Map(Vec<(Expr, Expr)>),
    /// `!x`, `not x`.
    Not(Box<Expr>),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b`, with the position of the operator.
    Bin(BinOp, Box<Expr>, Box<Expr>, Pos),
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Literal text.
    Text(String),
    /// A reference to render.
    Ref(Ref),
    /// `\$x`: the reference's text when it is defined, else the backslash too.
    Escaped(Ref),
    /// `#set($x = expr)` or `#set($x.key = expr)`.
    Set(Ref, Expr),
    /// `#if (...) ... #elseif (...) ... #else ... #end`.
    If(Vec<(Expr, Vec<Node>)>, Option<Vec<Node>>),
    /// `#foreach($item in expr) ... #end`.
    Foreach {
        /// The loop variable's name.
        var: String,
        /// What is iterated.
        iter: Expr,
        /// The body.
        body: Vec<Node>,
        /// Where the loop starts.
        pos: Pos,
    },
    /// `#define($name) ... #end`: a block `$name` renders, with the variables of the moment
    /// it is referenced (Velocity 1.7's `#define`).
    Define(String, std::rc::Rc<Vec<Node>>),
    /// `#break`: leaves the innermost `#foreach`.
    Break,
    /// `#stop`: ends the rendering.
    Stop,
}
