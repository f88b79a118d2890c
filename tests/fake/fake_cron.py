"""Five-field UNIX cron evaluation in UTC, as the Control Service does it
for `nextRunEpochSeconds` and for scheduled runs.

Fields: minute hour day-of-month month day-of-week. Each field takes `*`,
numbers, ranges `a-b`, steps `*/n` or `a-b/n` or `a/n`, comma lists, month
names (jan..dec) and day names (sun..sat; 0 and 7 are Sunday). When both
day fields are restricted a day matches if either does (Vixie cron rule).
The @hourly/@daily/@weekly/@monthly/@yearly macros are accepted too.
"""

import datetime
import functools

_MONTHS = {n: i + 1 for i, n in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}
_DAYS = {n: i for i, n in enumerate("sun mon tue wed thu fri sat".split())}
_MACROS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
# Longest month length per month, leap years included, to reject
# expressions like "0 0 30 2 *" without scanning years of calendar.
_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


class Cron:
    __slots__ = ("minutes", "hours", "doms", "months", "dows",
                 "dom_star", "dow_star")

    def __init__(self, minutes, hours, doms, months, dows, dom_star, dow_star):
        self.minutes = minutes
        self.hours = hours
        self.doms = doms
        self.months = months
        self.dows = dows
        self.dom_star = dom_star
        self.dow_star = dow_star

    def day_matches(self, d):
        if d.month not in self.months:
            return False
        dom_ok = d.day in self.doms
        dow_ok = (d.isoweekday() % 7) in self.dows
        if self.dom_star and self.dow_star:
            return True
        if self.dom_star:
            return dow_ok
        if self.dow_star:
            return dom_ok
        return dom_ok or dow_ok


def _number(text, names):
    t = text.lower()
    if names and t in names:
        return names[t]
    if not t.isdigit():
        raise ValueError("bad cron value %r" % text)
    return int(t)


def _field(text, lo, hi, names=None):
    values = set()
    for part in text.split(","):
        step = None
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) < 1:
                raise ValueError("bad step")
            step = int(step_text)
        if part == "*":
            a, b = lo, hi
        elif "-" in part:
            left, right = part.split("-", 1)
            a, b = _number(left, names), _number(right, names)
        else:
            a = _number(part, names)
            b = hi if step else a  # "5/15" means from 5 to the end
        if a < lo or b > hi or a > b:
            raise ValueError("cron value out of range")
        values.update(range(a, b + 1, step or 1))
    return values


@functools.lru_cache(maxsize=4096)
def parse(expr):
    """Returns a Cron or None when the expression is empty or invalid."""
    if not isinstance(expr, str):
        return None
    expr = _MACROS.get(expr.strip().lower(), expr)
    parts = expr.split()
    if len(parts) != 5:
        return None
    try:
        cron = Cron(_field(parts[0], 0, 59), _field(parts[1], 0, 23),
                    _field(parts[2], 1, 31), _field(parts[3], 1, 12, _MONTHS),
                    {d % 7 for d in _field(parts[4], 0, 7, _DAYS)},
                    parts[2].startswith("*"), parts[4].startswith("*"))
    except ValueError:
        return None
    if cron.dow_star and not any(d <= _MAX_DAYS[m - 1]
                                 for m in cron.months for d in cron.doms):
        return None  # e.g. Feb 30: never fires
    return cron


_cache = {}


def next_run(expr, after_epoch):
    """First fire time strictly after `after_epoch` (seconds), or -1."""
    minute = int(after_epoch // 60)
    key = (expr, minute)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    if len(_cache) > 20000:
        _cache.clear()
    cron = parse(expr)
    result = -1 if cron is None else _search(cron, (minute + 1) * 60)
    _cache[key] = result
    return result


def _search(cron, start_epoch):
    utc = datetime.timezone.utc
    start = datetime.datetime.fromtimestamp(start_epoch, utc)
    day = start.date()
    hours = sorted(cron.hours)
    minutes = sorted(cron.minutes)
    for i in range(366 * 5):
        if cron.day_matches(day):
            for h in hours:
                if i == 0 and h < start.hour:
                    continue
                for m in minutes:
                    if i == 0 and h == start.hour and m < start.minute:
                        continue
                    t = datetime.datetime(day.year, day.month, day.day, h, m,
                                          tzinfo=utc)
                    return int(t.timestamp())
        day += datetime.timedelta(days=1)
    return -1
