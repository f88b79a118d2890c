/* A logs answer decoded while it downloads.
 *
 * The transfer's thread inflates the answer (curl) and hands its bytes
 * here; decoding them (logscan: the JSON string; logtext: lines, their
 * hashes, times and error flags) costs about as much again. Once an
 * answer is bigger than one block the decoding moves to a thread of its
 * own, fed a few blocks ahead, so the two halves run side by side on two
 * cores instead of one after the other. A small answer (a tail) never
 * starts a thread: it is decoded when it ends.
 *
 * All calls come from one thread, the transfer's; the decoder thread
 * touches the scanner and the text only between its start and
 * logstream_finish (or logstream_free). */
#ifndef VDKTOP_LOGSTREAM_H
#define VDKTOP_LOGSTREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "logscan.h"
#include "logtext.h"

/* Bytes handed over at a time, and how many such blocks may wait: the
 * memory between download and decoding stays under a few MiB. */
#define LOGSTREAM_BLOCK (256u << 10)
#define LOGSTREAM_AHEAD 4
/* The decoder's step between two looks at the gate. */
#define LOGSTREAM_SLICE (64u << 10)

struct logstream;

struct logstream *logstream_open(size_t line_max);
/* The decoder thread calls wait(ud) before each block: the transfer's
 * gate (a bulk lane that gives way to a poll just sent), so that the
 * decoding gives way too. Set before the first write. */
void logstream_set_gate(struct logstream *ls, void (*wait)(void *ud), void *ud);
/* false once the answer is known bad (the decoder said so): the transfer
 * can stop. */
bool logstream_write(struct logstream *ls, const char *data, size_t len);
/* Decodes what is left and waits for it: the scanner's verdict
 * (logscan_finish done; ls keeps it). */
struct logscan *logstream_finish(struct logstream *ls);
/* The decoded text, the caller's from now on (after logstream_finish). */
struct logtext *logstream_take_text(struct logstream *ls);
/* Stops the decoder if it runs (an abandoned transfer) and frees all. */
void logstream_free(struct logstream *ls);

#endif
