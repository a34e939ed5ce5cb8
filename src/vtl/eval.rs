//! Runs a parsed template against a request: references, `#set`, `#if`, `#foreach` (capped
//! at 1,000 iterations as API Gateway caps it), operators.

use super::ast::{BinOp, Expr, Node, Pos, Ref, Step};
use super::input::Input;
use super::value::{Value, map_get, map_put};
use super::{ErrorKind, VtlError, methods, util};
use std::collections::HashMap;
use std::rc::Rc;

/// API Gateway stops a `#foreach` after this many iterations.
pub const MAX_ITERATIONS: usize = 1000;

/// How a list of nodes ended.
#[derive(Debug, PartialEq)]
enum Flow {
    Normal,
    Break,
    Stop,
}

/// The state of one rendering.
pub(super) struct Eval<'a> {
    pub(super) input: &'a Input,
    pub(super) vars: HashMap<String, Value>,
    pub(super) out: String,
    pub(super) notes: Vec<String>,
    /// The blocks `#define` named, rendered where they are referenced.
    pub(super) blocks: HashMap<String, Rc<Vec<Node>>>,
    /// How many defined blocks are being rendered inside each other.
    pub(super) depth: usize,
}

/// How deep defined blocks may render inside each other (Velocity 1.7's
/// `directive.define.max_depth`).
const MAX_DEFINE_DEPTH: usize = 2;

fn runtime(pos: Pos, message: impl Into<String>) -> VtlError {
    VtlError::new(ErrorKind::Runtime, pos, message)
}

impl Eval<'_> {
    /// Renders `nodes` into the output.
    pub(super) fn run(&mut self, nodes: &[Node]) -> Result<(), VtlError> {
        self.nodes(nodes).map(|_| ())
    }

    fn nodes(&mut self, nodes: &[Node]) -> Result<Flow, VtlError> {
        for n in nodes {
            let flow = self.node(n)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, n: &Node) -> Result<Flow, VtlError> {
        match n {
            Node::Text(t) => self.out.push_str(t),
            Node::Ref(r) => {
                let v = self.reference(r)?;
                if !v.is_null() {
                    let s = v.render();
                    self.out.push_str(&s);
                }
            }
            Node::Escaped(r) => {
                let v = self.reference(r)?;
                if v.is_null() {
                    self.out.push('\\');
                }
                self.out.push_str(&r.source);
            }
            Node::Set(target, e) => {
                let v = self.expr(e)?;
                self.set(target, v)?;
            }
            Node::If(branches, otherwise) => {
                for (cond, body) in branches {
                    if self.expr(cond)?.truthy() {
                        return self.nodes(body);
                    }
                }
                if let Some(body) = otherwise {
                    return self.nodes(body);
                }
            }
            Node::Foreach {
                var,
                iter,
                body,
                pos,
            } => return self.foreach(var, iter, body, *pos),
            Node::Define(name, body) => {
                self.vars.remove(name);
                self.blocks.insert(name.clone(), Rc::clone(body));
            }
            Node::Break => return Ok(Flow::Break),
            Node::Stop => return Ok(Flow::Stop),
        }
        Ok(Flow::Normal)
    }

    fn foreach(
        &mut self,
        var: &str,
        iter: &Expr,
        body: &[Node],
        pos: Pos,
    ) -> Result<Flow, VtlError> {
        let items: Vec<Value> = match self.expr(iter)? {
            Value::List(l) => l.borrow().clone(),
            Value::Map(m) => m.borrow().iter().map(|(_, v)| v.clone()).collect(),
            Value::Null => Vec::new(),
            other => {
                return Err(runtime(
                    pos,
                    format!(
                        "`#foreach` goes over a list or a map, not a {}",
                        other.kind()
                    ),
                ));
            }
        };
        let saved: Vec<(&str, Option<Value>)> =
            [var, "foreach", "velocityCount", "velocityHasNext"]
                .into_iter()
                .map(|k| (k, self.vars.get(k).cloned()))
                .collect();
        let len = items.len();
        let mut flow = Flow::Normal;
        for (index, item) in items.into_iter().enumerate() {
            if index == MAX_ITERATIONS {
                self.notes.push(format!(
                    "line {}: `#foreach` stopped after {MAX_ITERATIONS} of {len} items, as API Gateway stops it",
                    pos.line
                ));
                break;
            }
            self.vars.insert(var.to_string(), item);
            self.vars
                .insert("foreach".into(), Value::Loop { index, len });
            self.vars
                .insert("velocityCount".into(), Value::Int(index as i64 + 1));
            self.vars
                .insert("velocityHasNext".into(), Value::Bool(index + 1 < len));
            match self.nodes(body)? {
                Flow::Normal => {}
                Flow::Break => break,
                Flow::Stop => {
                    flow = Flow::Stop;
                    break;
                }
            }
        }
        for (k, v) in saved {
            match v {
                Some(v) => self.vars.insert(k.to_string(), v),
                None => self.vars.remove(k),
            };
        }
        Ok(flow)
    }

    /// `#set`: a variable, or a key of a map (`$context.responseOverride.status`). Like
    /// Velocity 1.7, a null value leaves the target as it was.
    fn set(&mut self, target: &Ref, v: Value) -> Result<(), VtlError> {
        if v.is_null() {
            return Ok(());
        }
        let Some((Step::Prop(last), front)) = target.steps.split_last() else {
            self.blocks.remove(&target.head);
            self.vars.insert(target.head.clone(), v);
            return Ok(());
        };
        let mut holder = self.head(target);
        for s in front {
            holder = self.step(holder, s, target)?;
        }
        match holder {
            Value::Map(m) => {
                map_put(&m, last.clone(), v);
                Ok(())
            }
            other => Err(runtime(
                target.pos,
                format!(
                    "`#set({} = ...)` needs a map before `.{last}`, found {}",
                    target.source,
                    other.kind()
                ),
            )),
        }
    }

    fn head(&self, r: &Ref) -> Value {
        match r.head.as_str() {
            "input" => Value::Input,
            "util" => Value::Util,
            h => self.vars.get(h).cloned().unwrap_or(Value::Null),
        }
    }

    /// The value of a reference.
    fn reference(&mut self, r: &Ref) -> Result<Value, VtlError> {
        if let Some(block) = self.blocks.get(&r.head).cloned() {
            return self.defined(&block, r);
        }
        let mut v = self.head(r);
        for s in &r.steps {
            v = self.step(v, s, r)?;
        }
        Ok(v)
    }

    /// A `#define`d block, referenced: its text, rendered now with the current variables.
    fn defined(&mut self, block: &[Node], r: &Ref) -> Result<Value, VtlError> {
        if !r.steps.is_empty() {
            return Err(VtlError::new(
                ErrorKind::Unsupported,
                r.pos,
                format!(
                    "`{}`: a `#define`d block can only be rendered, not used as a value",
                    r.source
                ),
            ));
        }
        if self.depth == MAX_DEFINE_DEPTH {
            return Err(runtime(
                r.pos,
                format!(
                    "`{}`: defined blocks nest deeper than {MAX_DEFINE_DEPTH}",
                    r.source
                ),
            ));
        }
        let outer = std::mem::take(&mut self.out);
        self.depth += 1;
        let flow = self.nodes(block);
        self.depth -= 1;
        let text = std::mem::replace(&mut self.out, outer);
        flow?;
        Ok(Value::Str(text.into()))
    }

    fn step(&mut self, v: Value, s: &Step, r: &Ref) -> Result<Value, VtlError> {
        match s {
            Step::Prop(name) => self.property(v, name, r),
            Step::Call(name, args) => {
                let args = args
                    .iter()
                    .map(|a| self.expr(a))
                    .collect::<Result<Vec<_>, _>>()?;
                self.call(v, name, &args, r)
            }
            Step::Index(e) => {
                let k = self.expr(e)?;
                match (&v, &k) {
                    (Value::List(l), Value::Int(i)) => {
                        let b = l.borrow();
                        let idx = if *i < 0 { b.len() as i64 + i } else { *i };
                        Ok(usize::try_from(idx)
                            .ok()
                            .and_then(|i| b.get(i).cloned())
                            .unwrap_or(Value::Null))
                    }
                    (Value::Map(m), k) => Ok(map_get(m, &k.render())),
                    (Value::Null, _) => Ok(Value::Null),
                    _ => Err(runtime(
                        r.pos,
                        format!(
                            "`{}`: cannot index a {} with a {}",
                            r.source,
                            v.kind(),
                            k.kind()
                        ),
                    )),
                }
            }
        }
    }

    fn property(&mut self, v: Value, name: &str, r: &Ref) -> Result<Value, VtlError> {
        match &v {
            Value::Map(m) => Ok(map_get(m, name)),
            Value::Null => Ok(Value::Null),
            Value::Input => self.call(v, name, &[], r),
            Value::Loop { index, len } => match name {
                "hasNext" => Ok(Value::Bool(index + 1 < *len)),
                "count" => Ok(Value::Int(*index as i64 + 1)),
                "index" => Ok(Value::Int(*index as i64)),
                "first" => Ok(Value::Bool(*index == 0)),
                "last" => Ok(Value::Bool(index + 1 == *len)),
                _ => Err(VtlError::new(
                    ErrorKind::Unsupported,
                    r.pos,
                    format!("`$foreach.{name}` is not known (hasNext, count, index, first, last)"),
                )),
            },
            _ => {
                let mut bean = name.to_string();
                if let Some(c) = bean.get_mut(0..1) {
                    c.make_ascii_uppercase();
                }
                for getter in [format!("get{bean}"), format!("is{bean}")] {
                    if let Ok(Some(x)) = methods::call(&v, &getter, &[]) {
                        return Ok(x);
                    }
                }
                Err(VtlError::new(
                    ErrorKind::Unsupported,
                    r.pos,
                    format!("`{}`: a {} has no property `{name}`", r.source, v.kind()),
                ))
            }
        }
    }

    fn call(&mut self, v: Value, name: &str, args: &[Value], r: &Ref) -> Result<Value, VtlError> {
        match &v {
            Value::Input => self.input.call(name, args, r.pos),
            Value::Util => {
                if args.len() != 1 {
                    return Err(runtime(r.pos, format!("`$util.{name}` takes one argument")));
                }
                util::call(name, &args[0]).map_err(|m| {
                    let kind = if util::FUNCTIONS.contains(&name) {
                        ErrorKind::Runtime
                    } else {
                        ErrorKind::Unsupported
                    };
                    VtlError::new(kind, r.pos, m)
                })
            }
            Value::Null => Ok(Value::Null),
            _ => match methods::call(&v, name, args) {
                Ok(Some(x)) => Ok(x),
                Ok(None) if methods::absent_from_java_type(&v, name) => Ok(Value::Null),
                Ok(None) => {
                    let known = match v {
                        Value::Str(_) => methods::STRING_METHODS,
                        Value::List(_) => methods::LIST_METHODS,
                        Value::Map(_) => methods::MAP_METHODS,
                        _ => &["toString", "equals"][..],
                    };
                    Err(VtlError::new(
                        ErrorKind::Unsupported,
                        r.pos,
                        format!(
                            "`{}`: `{name}` with {} argument(s) is not a method of a {} this engine runs (it runs {})",
                            r.source,
                            args.len(),
                            v.kind(),
                            known.join(", ")
                        ),
                    ))
                }
                Err(m) => Err(runtime(r.pos, format!("`{}`: {m}", r.source))),
            },
        }
    }

    /// The value of an expression.
    pub(super) fn expr(&mut self, e: &Expr) -> Result<Value, VtlError> {
        Ok(match e {
            Expr::Ref(r) => self.reference(r)?,
            Expr::Interpolated(nodes) => {
                let saved = std::mem::take(&mut self.out);
                let flow = self.nodes(nodes);
                let s = std::mem::replace(&mut self.out, saved);
                flow?;
                Value::str(s)
            }
            Expr::Str(s) => Value::str(s),
            Expr::Int(i) => Value::Int(*i),
            Expr::Float(f) => Value::Float(*f),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::List(items) => Value::list(
                items
                    .iter()
                    .map(|x| self.expr(x))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Range(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                let (Value::Int(a), Value::Int(b)) = (&a, &b) else {
                    return Err(runtime(Pos::default(), "a range `[a..b]` needs integers"));
                };
                let items: Vec<Value> = if a <= b {
                    (*a..=*b).map(Value::Int).collect()
                } else {
                    (*b..=*a).rev().map(Value::Int).collect()
                };
                Value::list(items)
            }
            Expr::Map(pairs) => {
                let mut out = Vec::new();
                for (k, v) in pairs {
                    let k = self.expr(k)?.render();
                    let v = self.expr(v)?;
                    out.retain(|(x, _): &(String, Value)| *x != k);
                    out.push((k, v));
                }
                Value::map(out)
            }
            Expr::Not(x) => Value::Bool(!self.expr(x)?.truthy()),
            Expr::Neg(x) => match self.expr(x)? {
                Value::Int(i) => Value::Int(-i),
                Value::Float(f) => Value::Float(-f),
                other => {
                    return Err(runtime(
                        Pos::default(),
                        format!("`-` needs a number, not a {}", other.kind()),
                    ));
                }
            },
            Expr::Bin(op, a, b, pos) => self.binary(*op, a, b, *pos)?,
        })
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, pos: Pos) -> Result<Value, VtlError> {
        let l = self.expr(a)?;
        match op {
            BinOp::And if !l.truthy() => return Ok(Value::Bool(false)),
            BinOp::Or if l.truthy() => return Ok(Value::Bool(true)),
            _ => {}
        }
        let r = self.expr(b)?;
        Ok(match op {
            BinOp::And | BinOp::Or => Value::Bool(r.truthy()),
            BinOp::Eq => Value::Bool(l.equals(&r)),
            BinOp::Ne => Value::Bool(!l.equals(&r)),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let (Some(x), Some(y)) = (l.as_f64(), r.as_f64()) else {
                    return Err(runtime(
                        pos,
                        format!(
                            "`<`, `>`, `<=`, `>=` compare numbers, not a {} and a {}",
                            l.kind(),
                            r.kind()
                        ),
                    ));
                };
                Value::Bool(match op {
                    BinOp::Lt => x < y,
                    BinOp::Le => x <= y,
                    BinOp::Gt => x > y,
                    _ => x >= y,
                })
            }
            _ => arithmetic(op, &l, &r, pos)?,
        })
    }
}

/// `+ - * / %` as Velocity does them: integers stay integers (division truncates), a
/// decimal makes the result decimal, division by zero gives null.
fn arithmetic(op: BinOp, l: &Value, r: &Value, pos: Pos) -> Result<Value, VtlError> {
    if let (Value::Int(x), Value::Int(y)) = (l, r) {
        let v = match op {
            BinOp::Add => x.checked_add(*y),
            BinOp::Sub => x.checked_sub(*y),
            BinOp::Mul => x.checked_mul(*y),
            BinOp::Div if *y == 0 => return Ok(Value::Null),
            BinOp::Div => x.checked_div(*y),
            _ if *y == 0 => return Ok(Value::Null),
            _ => x.checked_rem(*y),
        };
        if let Some(v) = v {
            return Ok(Value::Int(v));
        }
    }
    let (Some(x), Some(y)) = (l.as_f64(), r.as_f64()) else {
        return Err(runtime(
            pos,
            format!(
                "arithmetic needs numbers, not a {} and a {} (to join strings, write \"$a$b\")",
                l.kind(),
                r.kind()
            ),
        ));
    };
    Ok(match op {
        BinOp::Add => Value::Float(x + y),
        BinOp::Sub => Value::Float(x - y),
        BinOp::Mul => Value::Float(x * y),
        BinOp::Div if y == 0.0 => Value::Null,
        BinOp::Div => Value::Float(x / y),
        _ if y == 0.0 => Value::Null,
        _ => Value::Float(x % y),
    })
}
