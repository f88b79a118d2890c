/* The optional arguments of a manual run, as typed by the user.
 *
 * The Control Service passes `args` of an execution request on to the job's
 * `vdk run` command line (api-notes §2.4), and it must be a JSON object.
 * This checks the user's text before anything is sent and turns it into the
 * compact JSON text the request body embeds. */
#ifndef VDKTOP_JSONARG_H
#define VDKTOP_JSONARG_H

/* Parses text (NUL-terminated, any length, UTF-8).
 *
 * Returns 0 on success with *json_out set to the normalised compact JSON
 * object text (a new string, caller frees), e.g. {"day":"2024-01-01","n":3}.
 * Blank text (empty or whitespace only) means "no arguments": 0 with
 * *json_out = NULL.
 *
 * Returns -1 on failure with *err (a new string, caller frees; err may be
 * NULL) saying what is wrong and where, with 1-based columns counted in
 * characters (plus the line when the text spans lines), e.g.
 *   expected a JSON object like {"key": "value"}, not an array
 *   unexpected '}' at column 12
 *   unexpected end of input at column 9: a '}', ']' or '"' is missing
 *   not a finite number: "x" (NaN, Infinity and overflowing numbers are not JSON)
 * Control characters inside strings come out escaped (\u001b). */
int jsonarg_parse(const char *text, char **json_out, char **err);

/* The JSON types, as a property's value has them. */
enum jsonarg_kind { JSONARG_NULL, JSONARG_BOOLEAN, JSONARG_NUMBER, JSONARG_STRING, JSONARG_ARRAY, JSONARG_OBJECT };

/* As jsonarg_parse, for a value of any type (a job property): 0 with
 * *json_out its compact text (caller frees) and *kind_out its type, or -1
 * with *err, also for blank text. */
int jsonarg_parse_value(const char *text, char **json_out, enum jsonarg_kind *kind_out, char **err);

#endif
