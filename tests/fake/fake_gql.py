"""The GraphQL subset of the Control Service's jobsQuery endpoint.

A tokenizer and recursive-descent parser for one-operation documents
(optionally `query name($v: Type = default, ...)`), field selections with
aliases, arguments (all literal kinds and variables) and nested selection
sets; validation against the server schema (unknown fields, missing or
forbidden sub-selections, unknown arguments, wrong literal and variable
types); and execution of `jobs` and `executions` with the real server's
paging, filter, sort and search rules (api-notes section 4). Fragments and
directives other than being skipped are not supported.
"""

import re


# Schema ---------------------------------------------------------------------
ENUMS = {
    "Direction": {"ASC", "DESC"},
    "DataJobExecutionStatus": {"SUBMITTED", "RUNNING", "SUCCEEDED", "CANCELLED", "SKIPPED",
                               "USER_ERROR", "PLATFORM_ERROR"},
    "DataJobExecutionType": {"MANUAL", "SCHEDULED"},
    "DataJobDeploymentStatus": {"NONE", "SUCCESS", "PLATFORM_ERROR", "USER_ERROR"},
}
SCALARS = {"String", "Int", "Float", "Boolean", "DateTime", "ID"}
INPUTS = {
    "Predicate": {"property": "String", "pattern": "String", "sort": "Direction"},
    "DataJobExecutionFilter": {"startTimeGte": "DateTime", "endTimeGte": "DateTime",
                               "statusIn": "[DataJobExecutionStatus]", "jobNameIn": "[String]",
                               "teamNameIn": "[String]", "startTimeLte": "DateTime",
                               "endTimeLte": "DateTime"},
    "DataJobExecutionOrder": {"property": "String", "direction": "Direction"},
}
_EXEC_ARGS = {"pageNumber": "Int", "pageSize": "Int", "filter": "DataJobExecutionFilter",
              "order": "DataJobExecutionOrder"}
_CONTACTS = {k: "[String]" for k in ("notifiedOnJobFailureUserError",
                                     "notifiedOnJobFailurePlatformError",
                                     "notifiedOnJobSuccess", "notifiedOnJobDeploy")}
_RESOURCES = {"cpuLimit": "Float", "cpuRequest": "Float", "empheralStorageLimit": "Int",
              "empheralSorageRequest": "Int", "memoryLimit": "Int", "memoryRequest": "Int",
              "netBandwitdthLimit": "Int"}
OBJECTS = {
    "Query": {"jobs": "DataJobPage", "executions": "DataJobExecutionResponse"},
    "DataJobPage": {"content": "[DataJob]", "totalPages": "Int", "totalItems": "Int"},
    "DataJobExecutionResponse": {"content": "[DataJobExecution]", "totalPages": "Int",
                                 "totalItems": "Int"},
    "DataJob": {"jobName": "String", "config": "DataJobConfig", "deployments": "[DataJobDeployment]"},
    "DataJobContacts": _CONTACTS,
    "DataJobResources": _RESOURCES,
    "DataJobSchedule": {"scheduleCron": "String", "nextRunEpochSeconds": "Int"},
    "DataJobConfig": {"team": "String", "description": "String", "schedule": "DataJobSchedule",
                      "contacts": "DataJobContacts", "generateKeytab": "Boolean",
                      "sourceUrl": "String", "logsUrl": "String"},
    "DataJobExecutionDeployment": {
        "id": "String", "enabled": "Boolean", "contacts": "DataJobContacts", "jobVersion": "String",
        "jobPythonVersion": "String", "deployedDate": "String", "deployedBy": "String",
        "mode": "String", "resources": "DataJobResources", "schedule": "DataJobSchedule",
        "vdkVersion": "String", "status": "DataJobDeploymentStatus"},
    "DataJobExecution": {
        "id": "String", "type": "DataJobExecutionType", "jobName": "String",
        "status": "DataJobExecutionStatus", "startTime": "String", "endTime": "String",
        "startedBy": "String", "message": "String", "opId": "String", "logsUrl": "String",
        "deployment": "DataJobExecutionDeployment"},
    "DataJobDeployment": {
        "id": "String", "enabled": "Boolean", "contacts": "DataJobContacts", "jobVersion": "String",
        "jobPythonVersion": "String", "lastDeployedDate": "String", "lastDeployedBy": "String",
        "mode": "String", "resources": "DataJobResources", "schedule": "DataJobSchedule",
        "vdkVersion": "String", "executions": "[DataJobExecution]",
        "status": "DataJobDeploymentStatus", "lastExecutionStatus": "DataJobExecutionStatus",
        "lastExecutionTime": "String", "lastExecutionDuration": "Int",
        "successfulExecutions": "Int", "failedExecutions": "Int"},
}
ARGS = {
    ("Query", "jobs"): {"pageNumber": "Int", "pageSize": "Int", "filter": "[Predicate]",
                        "search": "String"},
    ("Query", "executions"): _EXEC_ARGS,
    ("DataJobDeployment", "executions"): _EXEC_ARGS,
}
ARG_DEFAULTS = {("Query", "jobs"): {"pageNumber": 0, "pageSize": 20}}
GIT_URL = "https://gitlab.example.com/data-jobs/tree/main/"
DEFAULT_QUERY = ("query jobsQuery { jobs(pageNumber: 1, pageSize: 20) { content { jobName "
                 "config { team description schedule { scheduleCron } } } totalPages totalItems } }")


class GqlError(Exception):
    def __init__(self, message, line=None, col=None, etype="ValidationError", path=None):
        Exception.__init__(self, message)
        self.message = message
        self.line = line
        self.col = col
        self.etype = etype
        self.path = path

    def as_json(self):
        return {"message": self.message,
                "locations": [{"line": self.line, "column": self.col}] if self.line else [],
                "path": self.path, "errorType": self.etype, "extensions": None}


# Lexer ------------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<ws>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$&()\[\]{}:=@|])
  | (?P<float>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+))
  | (?P<int>-?(?:0|[1-9][0-9]*))
  | (?P<block>\"\"\"(?:\\\"\"\"|[^\"]|\"(?!\"\"))*\"\"\")
  | (?P<string>"(?:[^"\\\n\r]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*")
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
""", re.X)
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(body):
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            n = body[i + 1]
            if n == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(_ESC[n])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def tokenize(text):
    toks = []
    pos = 0
    line, line_start = 1, 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        col = pos - line_start + 1
        if not m:
            raise GqlError("Invalid Syntax : token recognition error at: '%s' at line %d column %d"
                           % (text[pos], line, col), line, col, "InvalidSyntax")
        kind = m.lastgroup
        val = m.group(kind)
        if kind != "ws":
            if kind == "string":
                val = _unescape(val[1:-1])
            elif kind == "block":
                kind, val = "string", val[3:-3].replace('\\"""', '"""').strip()
            toks.append((kind, val, line, col))
        nl = val.count("\n") if kind in ("ws", "string") else 0
        if nl:
            line += nl
            line_start = m.start() + m.group(0).rfind("\n") + 1
        pos = m.end()
    toks.append(("eof", "<EOF>", line, pos - line_start + 1))
    return toks


# Parser -----------------------------------------------------------------------
class Field:
    __slots__ = ("name", "alias", "args", "sel", "line", "col", "base")

    def __init__(self, name, alias, args, sel, line, col):
        self.name, self.alias, self.args, self.sel = name, alias, args, sel
        self.line, self.col = line, col
        self.base = None  # the field's object type, set by validate()

    @property
    def key(self):
        return self.alias or self.name


class Parser:
    def __init__(self, text):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        t = self.toks[self.i]
        self.i = min(self.i + 1, len(self.toks) - 1)
        return t

    def fail(self, tok=None):
        tok = tok or self.peek()
        raise GqlError("Invalid Syntax : offending token '%s' at line %d column %d"
                       % (tok[1], tok[2], tok[3]), tok[2], tok[3], "InvalidSyntax")

    def expect(self, val):
        t = self.next()
        if t[0] not in ("punct", "spread") or t[1] != val:
            self.fail(t)
        return t

    def at(self, val):
        t = self.peek()
        return t[0] in ("punct", "spread") and t[1] == val

    def document(self):
        ops = []
        while self.peek()[0] != "eof":
            ops.append(self.operation())
        if not ops:
            self.fail()
        return ops

    def operation(self):
        t = self.peek()
        if self.at("{"):
            return {"name": None, "vars": {}, "sel": self.selection_set(), "line": t[2]}
        if t[0] != "name" or t[1] not in ("query", "mutation", "subscription", "fragment"):
            self.fail(t)
        if t[1] == "fragment":
            raise GqlError("Fragments are not supported by this server", t[2], t[3])
        if t[1] != "query":
            raise GqlError("Schema is not configured for %ss." % t[1], t[2], t[3],
                           "OperationNotSupported")
        self.next()
        name = None
        if self.peek()[0] == "name":
            name = self.next()[1]
        var_defs = {}
        if self.at("("):
            self.next()
            while not self.at(")"):
                self.expect("$")
                vt = self.next()
                if vt[0] != "name":
                    self.fail(vt)
                self.expect(":")
                vtype = self.type_ref()
                default = None
                if self.at("="):
                    self.next()
                    default = self.value(const=True)
                var_defs[vt[1]] = (vtype, default, vt[2], vt[3])
            self.next()
        self.directives()
        return {"name": name, "vars": var_defs, "sel": self.selection_set(), "line": t[2]}

    def type_ref(self):
        if self.at("["):
            self.next()
            inner = self.type_ref()
            self.expect("]")
            s = "[" + inner + "]"
        else:
            t = self.next()
            if t[0] != "name":
                self.fail(t)
            s = t[1]
        if self.at("!"):
            self.next()
            s += "!"
        return s

    def directives(self):
        while self.at("@"):
            self.next()
            self.next()
            if self.at("("):
                self.arguments()

    def selection_set(self):
        self.expect("{")
        fields = []
        while not self.at("}"):
            if self.at("..."):
                t = self.peek()
                raise GqlError("Fragments are not supported by this server", t[2], t[3])
            fields.append(self.field())
        self.next()
        if not fields:
            self.fail()
        return fields

    def field(self):
        t = self.next()
        if t[0] != "name":
            self.fail(t)
        alias, name = None, t[1]
        if self.at(":"):
            self.next()
            n = self.next()
            if n[0] != "name":
                self.fail(n)
            alias, name = name, n[1]
        args = self.arguments() if self.at("(") else {}
        self.directives()
        sel = self.selection_set() if self.at("{") else None
        return Field(name, alias, args, sel, t[2], t[3])

    def arguments(self):
        self.expect("(")
        args = {}
        while not self.at(")"):
            t = self.next()
            if t[0] != "name":
                self.fail(t)
            self.expect(":")
            args[t[1]] = self.value()
        self.next()
        return args

    def value(self, const=False):
        t = self.next()
        kind, val = t[0], t[1]
        if kind == "punct" and val == "$" and not const:
            n = self.next()
            if n[0] != "name":
                self.fail(n)
            return ("var", n[1], n[2], n[3])
        if kind == "int":
            return ("int", int(val))
        if kind == "float":
            return ("float", float(val))
        if kind == "string":
            return ("str", val)
        if kind == "name":
            if val in ("true", "false"):
                return ("bool", val == "true")
            if val == "null":
                return ("null",)
            return ("enum", val)
        if kind == "punct" and val == "[":
            items = []
            while not self.at("]"):
                items.append(self.value(const))
            self.next()
            return ("list", items)
        if kind == "punct" and val == "{":
            fields = {}
            while not self.at("}"):
                n = self.next()
                if n[0] != "name":
                    self.fail(n)
                self.expect(":")
                fields[n[1]] = self.value(const)
            self.next()
            return ("obj", fields)
        self.fail(t)


# Type coercion ----------------------------------------------------------------
def _unwrap(tref):
    nonnull = tref.endswith("!")
    if nonnull:
        tref = tref[:-1]
    if tref.startswith("["):
        return "list", tref[1:-1], nonnull
    return "named", tref, nonnull


def _ast_desc(ast):
    kind = ast[0]
    names = {"int": "IntValue", "float": "FloatValue", "str": "StringValue", "bool": "BooleanValue",
             "enum": "EnumValue", "list": "ArrayValue", "obj": "ObjectValue", "null": "NullValue"}
    inner = "" if kind in ("list", "obj", "null") else "{value=%s}" % (
        "'%s'" % ast[1] if kind in ("str", "enum") else ast[1])
    return names.get(kind, kind) + inner


def coerce_literal(ast, tref, variables, where):
    """An argument literal checked against its declared type."""
    if ast[0] == "var":
        if ast[1] not in variables:
            raise GqlError("Validation error (UndefinedVariable@[%s]) : Undefined variable '%s'"
                           % (where, ast[1]), ast[2], ast[3])
        return variables[ast[1]]
    if ast[0] == "null":
        return None
    kind, inner, _ = _unwrap(tref)
    if kind == "list":
        if ast[0] == "list":
            return [coerce_literal(a, inner, variables, where) for a in ast[1]]
        return [coerce_literal(ast, inner, variables, where)]
    ok = ((inner == "Int" and ast[0] == "int") or
          (inner == "Float" and ast[0] in ("int", "float")) or
          (inner in ("String", "ID", "DateTime") and ast[0] == "str") or
          (inner == "Boolean" and ast[0] == "bool") or
          (inner in ENUMS and ast[0] == "enum" and ast[1] in ENUMS[inner]))
    if ok:
        return float(ast[1]) if inner == "Float" else ast[1]
    if inner in INPUTS and ast[0] == "obj":
        out = {}
        for k, v in ast[1].items():
            if k not in INPUTS[inner]:
                raise GqlError("Validation error (WrongType@[%s]) : argument value %s contains a "
                               "field name '%s' that is not defined for input object type '%s'"
                               % (where, _ast_desc(ast), k, inner))
            out[k] = coerce_literal(v, INPUTS[inner][k], variables, where)
        return out
    raise GqlError("Validation error (WrongType@[%s]) : argument value %s is not a valid '%s'"
                   % (where, _ast_desc(ast), inner))


def _json_type(v):
    if isinstance(v, bool):
        return "Boolean"
    if isinstance(v, int):
        return "Integer"
    if isinstance(v, float):
        return "Double"
    if isinstance(v, str):
        return "String"
    if isinstance(v, list):
        return "ArrayList"
    return "LinkedHashMap"


def coerce_variable(name, value, tref):
    """A JSON variable value checked against its declared type (no String to
    Int coercion, as in graphql-java 22)."""
    if value is None:
        if tref.endswith("!"):
            raise GqlError("Variable '%s' has an invalid value: Variable '%s' has coerced Null value "
                           "for NonNull type '%s'" % (name, name, tref))
        return None
    kind, inner, _ = _unwrap(tref)
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [coerce_variable(name, v, inner) for v in items]
    bad = None
    if inner == "Int":
        if isinstance(value, bool) or not isinstance(value, int):
            bad = "Int"
    elif inner == "Float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad = "Float"
    elif inner in ("String", "ID", "DateTime"):
        if not isinstance(value, str):
            bad = inner
    elif inner == "Boolean":
        if not isinstance(value, bool):
            bad = "Boolean"
    elif inner in ENUMS:
        if value not in ENUMS[inner]:
            raise GqlError("Variable '%s' has an invalid value: Invalid input for enum '%s'. "
                           "No value found for name '%s'" % (name, inner, value))
    elif inner in INPUTS:
        if not isinstance(value, dict):
            bad = inner
        else:
            out = {}
            for k, v in value.items():
                if k not in INPUTS[inner]:
                    raise GqlError("Variable '%s' has an invalid value: Expected type '%s' but "
                                   "field '%s' is not defined" % (name, inner, k))
                out[k] = coerce_variable(name, v, INPUTS[inner][k])
            return out
    else:
        raise GqlError("Validation error (UnknownType) : Unknown type '%s'" % inner)
    if bad:
        raise GqlError("Variable '%s' has an invalid value: Expected a value that can be converted "
                       "to type '%s' but it was a '%s'" % (name, bad, _json_type(value)))
    return value


# Validation: selections against the schema, arguments coerced -------------------
def merge(fields):
    """Fields with the same response key merge (the CLI repeats `deployments`)."""
    out = {}
    order = []
    for f in fields:
        prev = out.get(f.key)
        if prev is None:
            out[f.key] = Field(f.name, f.alias, dict(f.args), list(f.sel) if f.sel else None,
                               f.line, f.col)
            order.append(f.key)
        elif f.sel:
            prev.sel = (prev.sel or []) + list(f.sel)
    return [out[k] for k in order]


def validate(fields, typename, variables, path):
    """Returns merged fields with `args` replaced by coerced Python values."""
    result = []
    for f in merge(fields):
        fpath = path + [f.name]
        where = "/".join(fpath)
        if f.name == "__typename":
            f.args = {}
            result.append(f)
            continue
        ftype = OBJECTS[typename].get(f.name)
        if ftype is None:
            raise GqlError("Validation error (FieldUndefined@[%s]) : Field '%s' in type '%s' is "
                           "undefined" % (where, f.name, typename), f.line, f.col)
        base = ftype.strip("[]!")
        allowed = ARGS.get((typename, f.name), {})
        args = dict(ARG_DEFAULTS.get((typename, f.name), {}))
        for name, ast in f.args.items():
            if name not in allowed:
                raise GqlError("Validation error (UnknownArgument@[%s]) : Unknown field argument "
                               "'%s'" % (where, name), f.line, f.col)
            args[name] = coerce_literal(ast, allowed[name], variables, where)
        f.args = args
        f.base = base if base in OBJECTS else None
        if base in OBJECTS:
            if not f.sel:
                raise GqlError("Validation error (SubselectionRequired@[%s]) : Sub selection "
                               "required for type '%s' of field '%s'" % (where, base, f.name),
                               f.line, f.col)
            f.sel = validate(f.sel, base, variables, fpath)
        elif f.sel:
            raise GqlError("Validation error (SubselectionNotAllowed@[%s]) : Sub selection not "
                           "allowed on leaf type '%s' of field '%s'" % (where, base, f.name),
                           f.line, f.col)
        result.append(f)
    return result


def selected_paths(fields, prefix=""):
    out = set()
    for f in fields or ():
        p = prefix + f.name
        out.add(p)
        if f.sel:
            out |= selected_paths(f.sel, p + ".")
    return out


def find_field(fields, dotted):
    name, _, rest = dotted.partition(".")
    for f in fields or ():
        if f.name == name:
            return f if not rest else find_field(f.sel, rest)
    return None


# Rendering --------------------------------------------------------------------
def render(typename, src, fields):
    """src maps field names to values or to callables f(field) -> value."""
    out = {}
    for f in fields:
        name = f.name
        if name == "__typename":
            out[f.alias or name] = typename
            continue
        v = src.get(name)
        if callable(v):
            v = v(f)
        if f.base is not None and v is not None:
            if isinstance(v, list):
                v = [render(f.base, x, f.sel) if x is not None else None for x in v]
            else:
                v = render(f.base, v, f.sel)
        out[f.alias or name] = v
    return out
