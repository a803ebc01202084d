"""Formulas as officials write them, parsed by a small tokenizer and recursive-descent parser.

Grammar (no Python ``eval``, no attribute access, no calls except the named functions)::

    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | NUMBER "%" | NAME | FUNC "(" comparison ("," comparison)* ")"
                | "(" comparison ")"
    FUNC       := min | max | cap          (cap(x, c) = min(x, c))

Values are ``Decimal``; a comparison is 1 or 0. A name is a measure or another item's score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

FUNCTIONS = ("min", "max", "cap")
_TOKEN_RE = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|[-+*/(),<>%]))"
)


class FormulaError(ValueError):
    """A formula that does not parse, with the place where it stopped making sense."""


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node = Num | Name | Neg | BinOp | Call


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN_RE.match(stripped, position)
        if match is None or match.end() == position:
            raise FormulaError(f"第{position + 1}个字符“{stripped[position:].strip()[:1]}”无法识别")
        tokens.append(match.group(match.lastgroup or "op"))
        position = match.end()
    if not tokens:
        raise FormulaError("公式为空")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            raise FormulaError("公式不完整" + (f",缺少“{expected}”" if expected else ""))
        if expected is not None and token != expected:
            raise FormulaError(f"此处应为“{expected}”,却是“{token}”")
        self.index += 1
        return token

    def comparison(self) -> Node:
        left = self.sum()
        if self.peek() in {"<", "<=", ">", ">=", "==", "!="}:
            op = self.take()
            return BinOp(op, left, self.sum())
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in {"+", "-"}:
            op = self.take()
            node = BinOp(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() in {"*", "/"}:
            op = self.take()
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token[0].isdigit():
            value = Decimal(token)
            if self.peek() == "%":
                self.take()
                value = value / 100
            return Num(value)
        if token == "(":
            node = self.comparison()
            self.take(")")
            return node
        if token[0].isalpha() or token[0] == "_":
            if token in FUNCTIONS:
                self.take("(")
                args = [self.comparison()]
                while self.peek() == ",":
                    self.take()
                    args.append(self.comparison())
                self.take(")")
                if token == "cap" and len(args) != 2:
                    raise FormulaError("cap(值, 上限) 需要两个参数")
                return Call(token, tuple(args))
            if self.peek() == "(":
                raise FormulaError(f"不支持的函数“{token}”(只可使用 min、max、cap)")
            return Name(token)
        raise FormulaError(f"此处不应出现“{token}”")


def parse(text: str) -> Node:
    parser = _Parser(tokenize(text))
    node = parser.comparison()
    if parser.peek() is not None:
        raise FormulaError(f"多余的“{parser.peek()}”")
    return node


def names(node: Node) -> set[str]:
    """Every measure or item name the formula reads."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Neg):
        return names(node.operand)
    if isinstance(node, BinOp):
        return names(node.left) | names(node.right)
    if isinstance(node, Call):
        result: set[str] = set()
        for arg in node.args:
            result |= names(arg)
        return result
    return set()


def is_positive(node: Node, positive_names: frozenset[str]) -> bool:
    """True when the value is provably > 0 (a safe divisor): a positive number, a measure known to
    be positive, max() with a positive argument, and sums/products/min of positives."""
    if isinstance(node, Num):
        return node.value > 0
    if isinstance(node, Name):
        return node.name in positive_names
    if isinstance(node, Call):
        if node.func == "max":
            return any(is_positive(arg, positive_names) for arg in node.args)
        return all(is_positive(arg, positive_names) for arg in node.args)
    if isinstance(node, BinOp) and node.op in {"+", "*", "/"}:
        return is_positive(node.left, positive_names) and is_positive(node.right, positive_names)
    return False


def unsafe_divisors(node: Node, positive_names: frozenset[str]) -> list[Node]:
    """Divisors that could be zero (no guard such as ``max(x, 1)``)."""
    found: list[Node] = []
    if isinstance(node, BinOp):
        if (
            node.op == "/"
            and not is_positive(node.right, positive_names)
            and not (isinstance(node.right, Num) and node.right.value != 0)
        ):
            found.append(node.right)
        found += unsafe_divisors(node.left, positive_names)
        found += unsafe_divisors(node.right, positive_names)
    elif isinstance(node, Neg):
        found += unsafe_divisors(node.operand, positive_names)
    elif isinstance(node, Call):
        for arg in node.args:
            found += unsafe_divisors(arg, positive_names)
    return found


def render(node: Node) -> str:
    """The formula written back (for messages)."""
    if isinstance(node, Num):
        text = format(node.value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Neg):
        return f"-{render(node.operand)}"
    if isinstance(node, BinOp):
        return f"({render(node.left)}{node.op}{render(node.right)})"
    return f"{node.func}({', '.join(render(arg) for arg in node.args)})"


_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class NotApplicable(Exception):
    """A name the formula reads has no value (N/A) for this unit."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def evaluate(node: Node, values: Mapping[str, Decimal | None]) -> Decimal:
    """Evaluate with Decimal arithmetic. Raises ``NotApplicable`` when a name read is N/A."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        value = values.get(node.name)
        if value is None:
            raise NotApplicable(node.name)
        return value
    if isinstance(node, Neg):
        return -evaluate(node.operand, values)
    if isinstance(node, Call):
        args = [evaluate(arg, values) for arg in node.args]
        return max(args) if node.func == "max" else min(args)
    left = evaluate(node.left, values)
    right = evaluate(node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        if right == 0:
            raise FormulaError(f"除数为零:{render(node.right)}")
        return left / right
    return Decimal(1) if _COMPARE[node.op](left, right) else Decimal(0)
