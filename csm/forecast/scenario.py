"""What-if scenarios: named sets of overrides of the planner's rates, written as text for the URL and as JSON.

    s = Scenario.parse("Lower churn", "churn_rate-1,new_mrr=5000")   # churn 1 point lower, new MRR set to 5,000
    s.apply({"churn_rate": 3.0, "new_mrr": 4200.0})                   # {'churn_rate': 2.0, 'new_mrr': 5000.0}
    s.text()                                                          # 'churn_rate-1,new_mrr=5000'
    encode([s]) / decode(text)                                        # several scenarios in one URL parameter

An override either sets a rate (`=`) or moves it by an amount (`+x` / `-x`: points for a percentage, customers for a
count, money for an amount). A rate never goes below 0.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..errors import OptionError

MODES = ("set", "add")
_ITEM = re.compile(r"^\s*([a-z_]+)\s*(=|\+|-)\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*$")
SEP_SCENARIO, SEP_NAME = ";", "~"


def _num(x: float) -> str:
    return f"{x:.10g}"


@dataclass(frozen=True)
class Override:
    rate: str
    mode: str  # "set" or "add"
    value: float

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise OptionError(f"an override sets (=) or adds (+/-), not {self.mode!r}")
        if self.mode == "set":  # a rate is never below 0, so neither is a value it is set to
            object.__setattr__(self, "value", max(0.0, float(self.value)) + 0.0)

    def apply(self, x: float) -> float:
        return max(0.0, self.value if self.mode == "set" else x + self.value)

    def text(self) -> str:
        if self.mode == "set":
            return f"{self.rate}={_num(self.value)}"
        return f"{self.rate}{'-' if self.value < 0 else '+'}{_num(abs(self.value))}"


@dataclass(frozen=True)
class Scenario:
    name: str
    overrides: tuple[Override, ...] = field(default=())

    def __post_init__(self) -> None:
        name = " ".join(str(self.name).replace(SEP_SCENARIO, " ").replace(SEP_NAME, " ").split())
        object.__setattr__(self, "name", name or "Scenario")
        last: dict[str, Override] = {}
        for o in self.overrides:  # one override per rate: the last one given wins
            last.pop(o.rate, None)
            last[o.rate] = o
        object.__setattr__(self, "overrides", tuple(last.values()))

    @classmethod
    def parse(cls, name: str, text: str, known: tuple[str, ...] | None = None) -> Scenario:
        """A scenario from 'rate=value,rate+value,rate-value' (empty text = no override)."""
        out = []
        for item in filter(None, (t.strip() for t in text.split(","))):
            m = _ITEM.match(item.lower())
            if not m:
                raise OptionError(f"a scenario override is written rate=value, rate+value or rate-value, not {item!r}")
            rate, op, value = m.group(1), m.group(2), float(m.group(3))
            if known is not None and rate not in known:
                raise OptionError(f"there is no rate {rate!r} to override; the rates are {', '.join(known)}")
            out.append(Override(rate, "set" if op == "=" else "add", value if op != "-" else -value))
        return cls(name, tuple(out))

    def text(self) -> str:
        return ",".join(o.text() for o in self.overrides)

    def apply(self, rates: dict[str, float]) -> dict[str, float]:
        """The rates with this scenario's overrides (rates it does not name are kept)."""
        out = dict(rates)
        for o in self.overrides:
            if o.rate in out:
                out[o.rate] = o.apply(out[o.rate])
        return out

    def override(self, rate: str) -> Override | None:
        return next((o for o in self.overrides if o.rate == rate), None)

    def to_json(self) -> dict:
        return {"name": self.name, "overrides": [{"rate": o.rate, "mode": o.mode, "value": o.value}
                                                 for o in self.overrides]}

    @classmethod
    def from_json(cls, obj: dict) -> Scenario:
        try:
            return cls(obj["name"], tuple(Override(o["rate"], o["mode"], float(o["value"])) for o in obj["overrides"]))
        except (KeyError, TypeError, ValueError) as e:
            raise OptionError(f"a saved scenario must have a name and overrides (rate, mode, value): {e}") from None


def encode(scenarios: list[Scenario] | tuple[Scenario, ...]) -> str:
    """Several scenarios as one piece of text: 'name~overrides;name~overrides'."""
    return SEP_SCENARIO.join(f"{s.name}{SEP_NAME}{s.text()}" for s in scenarios)


def decode(text: str, known: tuple[str, ...] | None = None) -> list[Scenario]:
    out = []
    for part in filter(None, (p.strip() for p in (text or "").split(SEP_SCENARIO))):
        name, _, overrides = part.partition(SEP_NAME)
        out.append(Scenario.parse(name, overrides, known))
    return out


def dumps(scenarios) -> str:
    """The scenarios as the JSON file the planner exports."""
    return json.dumps({"scenarios": [s.to_json() for s in scenarios]}, indent=2, ensure_ascii=False)
