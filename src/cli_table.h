/* A plain-text table for the subcommands: cells made harmless, columns as
 * wide as their widest cell, no colour, no escape sequences. */
#ifndef VDKTOP_CLI_TABLE_H
#define VDKTOP_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct cli;

struct cli_table {
	size_t ncols;
	const char *const *titles;
	const bool *right; /* right-aligned columns; NULL: none */
	char **cells;      /* rows * ncols, sanitised, owned */
	size_t *width;
	size_t rows, cap;
};

void cli_table_init(struct cli_table *t, size_t ncols, const char *const *titles, const bool *right);
/* Adds a row of ncols cells (NULL: "-"); the cells are copied. */
void cli_table_add(struct cli_table *t, char *const *cells);
void cli_table_print(struct cli *c, const struct cli_table *t);
void cli_table_free(struct cli_table *t);

#endif
