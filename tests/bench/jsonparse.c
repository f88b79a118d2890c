/* The parse half of the benchmark's physical limit: how long json-c alone
 * needs to turn one answer of the service into a tree. The harness builds
 * this with cc + pkg-config json-c, fetches the same answer vdktop asked
 * for with curl, and adds the two times.
 *
 * Usage: jsonparse FILE [REPEAT]
 * Prints one line: "parse_ms=<best of REPEAT, microsecond precision>
 * bytes=<file size> items=<length of data.content, or of the logs string>".
 * Exit status 1 when the file cannot be read or is not JSON. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	fclose(fp);
	*len = n;
	return buf;
}

/* What the answer holds, so a wrong capture (an error page, an empty
 * list) shows up in the harness's output instead of a fast, empty parse. */
static long count_items(struct json_object *root)
{
	struct json_object *data, *content, *logs;
	if (json_object_object_get_ex(root, "data", &data) &&
	    json_object_object_get_ex(data, "content", &content) &&
	    json_object_is_type(content, json_type_array))
		return (long)json_object_array_length(content);
	if (json_object_object_get_ex(root, "logs", &logs) && json_object_is_type(logs, json_type_string))
		return (long)json_object_get_string_len(logs);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: jsonparse FILE [REPEAT]\n");
		return 2;
	}
	int repeat = argc > 2 ? atoi(argv[2]) : 1;
	if (repeat < 1)
		repeat = 1;
	size_t len;
	char *text = read_all(argv[1], &len);
	if (!text) {
		fprintf(stderr, "jsonparse: cannot read %s\n", argv[1]);
		return 1;
	}
	double best = -1;
	long items = -1;
	for (int i = 0; i < repeat; i++) {
		double t0 = now_ms();
		struct json_tokener *tok = json_tokener_new();
		struct json_object *root = json_tokener_parse_ex(tok, text, (int)len);
		enum json_tokener_error err = json_tokener_get_error(tok);
		json_tokener_free(tok);
		double t = now_ms() - t0;
		if (!root || err != json_tokener_success) {
			fprintf(stderr, "jsonparse: %s is not JSON: %s\n", argv[1], json_tokener_error_desc(err));
			json_object_put(root);
			free(text);
			return 1;
		}
		items = count_items(root);
		json_object_put(root);
		if (best < 0 || t < best)
			best = t;
	}
	printf("parse_ms=%.3f bytes=%zu items=%ld\n", best, len, items);
	free(text);
	return 0;
}
