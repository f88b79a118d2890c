#include "logstream.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct block {
	struct block *next;
	size_t len;
	char data[];
};

struct logstream {
	struct logscan sc;
	struct logtext *text;
	struct block *fill; /* the transfer's, being filled */
	bool inline_only;   /* no decoder thread could be started */
	void (*gate)(void *ud);
	void *gate_ud;
	bool bad;           /* the transfer's copy of "the decoder refused it" */
	/* Shared with the decoder thread, under mu. */
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a block queued, a block taken, the end */
	struct block *head, *tail;
	size_t queued;
	struct block *spare; /* decoded blocks, filled again instead of freed */
	bool started, end, abandon, refused;
	pthread_t thread;
};

static void put(void *ud, const char *data, size_t len)
{
	logtext_append(ud, data, len);
}

static void reset(void *ud)
{
	logtext_reset(ud);
}

struct logstream *logstream_open(size_t line_max)
{
	struct logstream *ls = xcalloc(1, sizeof(*ls));
	ls->text = logtext_new(line_max);
	logscan_init(&ls->sc, &(struct logscan_sink){put, reset, ls->text});
	pthread_mutex_init(&ls->mu, NULL);
	pthread_cond_init(&ls->cv, NULL);
	return ls;
}

void logstream_set_gate(struct logstream *ls, void (*wait)(void *ud), void *ud)
{
	ls->gate = wait;
	ls->gate_ud = ud;
}

static void *decode_main(void *arg)
{
	struct logstream *ls = arg;
	pthread_mutex_lock(&ls->mu);
	for (;;) {
		while (!ls->head && !ls->end)
			pthread_cond_wait(&ls->cv, &ls->mu);
		struct block *b = ls->head;
		if (!b)
			break;
		ls->head = b->next;
		if (!ls->head)
			ls->tail = NULL;
		ls->queued--;
		bool skip = ls->abandon || ls->refused;
		pthread_cond_broadcast(&ls->cv);
		pthread_mutex_unlock(&ls->mu);
		/* In slices, each after the gate: a poll sent meanwhile waits
		 * for one slice of decoding (well under a millisecond), not
		 * for the block. */
		bool ok = true;
		for (size_t off = 0; ok && !skip && off < b->len; off += LOGSTREAM_SLICE) {
			if (ls->gate)
				ls->gate(ls->gate_ud);
			size_t n = b->len - off < LOGSTREAM_SLICE ? b->len - off : LOGSTREAM_SLICE;
			ok = logscan_feed(&ls->sc, b->data + off, n);
		}
		pthread_mutex_lock(&ls->mu);
		b->next = ls->spare;
		ls->spare = b;
		if (!ok) {
			ls->refused = true;
			pthread_cond_broadcast(&ls->cv);
		}
	}
	pthread_mutex_unlock(&ls->mu);
	return NULL;
}

/* The decoder thread, started with every signal blocked (the UI thread
 * takes them all). false when it cannot be: decoding goes on inline. */
static bool start(struct logstream *ls)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ls->started = pthread_create(&ls->thread, NULL, decode_main, ls) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ls->started;
}

/* Hands a block to the decoder, waiting while LOGSTREAM_AHEAD wait
 * already. Takes b. false once the decoder refused the answer. */
static bool push(struct logstream *ls, struct block *b)
{
	if (!ls->inline_only && !ls->started && !start(ls))
		ls->inline_only = true;
	if (ls->inline_only) {
		bool ok = logscan_feed(&ls->sc, b->data, b->len);
		b->next = ls->spare; /* no other thread: no lock needed */
		ls->spare = b;
		return ok;
	}
	pthread_mutex_lock(&ls->mu);
	while (ls->queued >= LOGSTREAM_AHEAD && !ls->refused)
		pthread_cond_wait(&ls->cv, &ls->mu);
	bool ok = !ls->refused;
	if (ok) {
		b->next = NULL;
		if (ls->tail)
			ls->tail->next = b;
		else
			ls->head = b;
		ls->tail = b;
		ls->queued++;
		pthread_cond_broadcast(&ls->cv);
	}
	pthread_mutex_unlock(&ls->mu);
	if (!ok)
		free(b);
	return ok;
}

/* A block to fill: one the decoder is done with, else a new one. At most
 * LOGSTREAM_AHEAD + 2 are ever made (those waiting, the one being
 * decoded, the one being filled), whatever the answer's size: a big log
 * does not churn the allocator (nor a sanitizer's quarantine). */
static struct block *take_block(struct logstream *ls)
{
	pthread_mutex_lock(&ls->mu);
	struct block *b = ls->spare;
	if (b)
		ls->spare = b->next;
	pthread_mutex_unlock(&ls->mu);
	return b ? b : xmalloc(sizeof(*b) + LOGSTREAM_BLOCK);
}

bool logstream_write(struct logstream *ls, const char *data, size_t len)
{
	while (len > 0 && !ls->bad) {
		if (!ls->fill) {
			ls->fill = take_block(ls);
			ls->fill->len = 0;
		}
		size_t n = LOGSTREAM_BLOCK - ls->fill->len;
		if (n > len)
			n = len;
		memcpy(ls->fill->data + ls->fill->len, data, n);
		ls->fill->len += n;
		data += n;
		len -= n;
		if (ls->fill->len == LOGSTREAM_BLOCK) {
			struct block *b = ls->fill;
			ls->fill = NULL;
			ls->bad = !push(ls, b);
		}
	}
	return !ls->bad;
}

/* Waits for the decoder to end; stop: without decoding what waits. */
static void join(struct logstream *ls, bool stop)
{
	if (!ls->started)
		return;
	pthread_mutex_lock(&ls->mu);
	ls->end = true;
	ls->abandon = stop;
	pthread_cond_broadcast(&ls->cv);
	pthread_mutex_unlock(&ls->mu);
	pthread_join(ls->thread, NULL);
	ls->started = false;
	ls->bad = ls->bad || ls->refused;
}

struct logscan *logstream_finish(struct logstream *ls)
{
	struct block *b = ls->fill;
	ls->fill = NULL;
	if (b && !ls->bad) {
		if (ls->started) {
			ls->bad = !push(ls, b);
		} else {
			/* Never a whole block: a small answer, decoded here. */
			ls->bad = !logscan_feed(&ls->sc, b->data, b->len);
			free(b);
		}
	} else {
		free(b);
	}
	join(ls, false);
	return &ls->sc;
}

struct logtext *logstream_take_text(struct logstream *ls)
{
	struct logtext *t = ls->text;
	ls->text = NULL;
	return t;
}

void logstream_free(struct logstream *ls)
{
	if (!ls)
		return;
	join(ls, true);
	while (ls->head) {
		struct block *b = ls->head;
		ls->head = b->next;
		free(b);
	}
	while (ls->spare) {
		struct block *b = ls->spare;
		ls->spare = b->next;
		free(b);
	}
	free(ls->fill);
	logscan_free(&ls->sc);
	logtext_free(ls->text);
	pthread_cond_destroy(&ls->cv);
	pthread_mutex_destroy(&ls->mu);
	free(ls);
}
