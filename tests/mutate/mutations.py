"""The wrong changes the suites must catch (make mutate).

Each entry: a name, the file, the exact original text (it must occur
exactly once in the file), its replacement, and the tests that must fail
once the replacement is in:

  unit:NAME        build/default/tests/unit/NAME
  unit-asan:NAME   the same unit binary built with SANITIZE=1
  api              tests/api/run.sh (every API binary, three fakes)
  fake:CLASS.TEST  one test of tests/fake/test_fake.py
  screen:FILE, fault:FILE, actions:FILE, logs:FILE
                   one tmux test (the suite's *_ONLY filter)

Every bug fixed adds its mutation here: the wrong code that was there, the
right code that replaced it, and the test that now fails for the wrong one.
"""

MUTATIONS = [
    {
        "name": "suite runner: the tmux tests one after another whatever SUITE_JOBS says",
        "file": "tests/screen/suite.sh",
        "old": "jobs=${SUITE_JOBS:-2}\n",
        "new": "jobs=1\n",
        "tests": ["screen:test_runner.sh"],
    },
    {
        "name": "suite runner: a test marked long is not started first",
        "file": "tests/screen/suite.sh",
        "old": "\telif grep -q '^# suite: long' \"${tests[$i]}\"; then\n",
        "new": "\telif false; then\n",
        "tests": ["screen:test_runner.sh"],
    },
    {
        "name": "logbuf: the first place the stored lines fit in a wider tail, not the last",
        "file": "src/logbuf.c",
        "old": "\t\t\twhile (nends--)\n"
               "\t\t\t\tif (aligned_at(lb, ne, ends[nends], prov))\n"
               "\t\t\t\t\treturn ends[nends];\n",
        "new": "\t\t\tfor (size_t k = 0; k < nends; k++)\n"
               "\t\t\t\tif (aligned_at(lb, ne, ends[k], prov))\n"
               "\t\t\t\t\treturn ends[k];\n",
        "tests": ["unit:test_logbuf"],
    },
    {
        "name": "logbuf: a provisional line continued by the first tail line it begins, not the last",
        "file": "src/logbuf.c",
        "old": "for (size_t e = M; e > 0; e--)",
        "new": "for (size_t e = 1; e <= M; e++)",
        "tests": ["unit:test_logbuf"],
    },
    {
        "name": "logbuf: the smallest overlap of the store's end with the tail's start (find_alignment)",
        "file": "src/logbuf.c",
        "old": "\tfor (;;) {\n"
               "\t\tif (aligned_at(lb, ne, q, prov))\n"
               "\t\t\treturn q;\n"
               "\t\tif (q == 0)\n"
               "\t\t\treturn SIZE_MAX;\n"
               "\t\tq = pi[q - 1];\n"
               "\t}\n",
        "new": "\tfor (size_t best = SIZE_MAX;;) {\n"
               "\t\tif (aligned_at(lb, ne, q, prov))\n"
               "\t\t\tbest = q;\n"
               "\t\tif (q == 0)\n"
               "\t\t\treturn best;\n"
               "\t\tq = pi[q - 1];\n"
               "\t}\n",
        "tests": ["unit:test_logbuf"],
    },
    {
        "name": "run: the arguments typed in the run dialog dropped before the request",
        "file": "src/ui/run_flow.c",
        "old": "\treq->args_json = json;\n",
        "new": "\treq->args_json = NULL;\n\tfree(json);\n",
        "tests": ["actions:test_run.sh", "unit:test_run_flow"],
    },
    {
        "name": "api: the 404 wording of starting an execution removed",
        "file": "src/api_error.c",
        "old": "\t\tif (CTX(\"start\"))\n\t\t\treturn \"job not found or not deployed\";\n",
        "new": "",
        "tests": ["unit:test_api", "api"],
    },
    {
        "name": "read-only: the refusal shown for the first key only",
        "file": "src/ui/app_services.c",
        "old": "\tif (a->cfg->read_only)\n\t\tapp_message(a, MSG_WARN, \"%s refused: read-only",
        "new": "\tstatic int said;\n"
               "\tif (a->cfg->read_only && !said++)\n\t\tapp_message(a, MSG_WARN, \"%s refused: read-only",
        "tests": ["actions:test_readonly.sh"],
    },
    {
        "name": "sanitiser: U+202A-U+202D pass through",
        "file": "src/sanitize.c",
        "old": "(cp >= 0x202a && cp <= 0x202e)",
        "new": "(cp == 0x202e)",
        "tests": ["unit:test_sanitize"],
    },
    {
        "name": "sanitiser: the 8-byte fast path lets 0x1F through",
        "file": "src/sanitize.c",
        "old": "uint64_t below = (w - 0x20 * ONES) & ~w;",
        "new": "uint64_t below = (w - 0x1f * ONES) & ~w;",
        "tests": ["unit:test_sanitize"],
    },
    {
        "name": "sanitiser: U+FFFD written one byte past the buffer",
        "file": "src/sanitize.c",
        "old": "\treserve(b, 3);\n\tmemcpy(b->text + b->len, \"\\xef\\xbf\\xbd\", 3);",
        "new": "\treserve(b, 1);\n\tmemcpy(b->text + b->len, \"\\xef\\xbf\\xbd\", 3);",
        "tests": ["unit-asan:test_sanitize"],
    },
    {
        "name": "status line: connected while another watch still fails",
        "file": "src/ui/chrome.c",
        "old": "if (!c->failing_watches && c->state != CONN_OK)",
        "new": "if (c->state != CONN_OK)",
        "tests": ["screen:test_partial_failure.sh"],
    },
    {
        "name": "fake: the team filter matches \"contains\" instead of the whole name",
        "file": "tests/fake/fake_query.py",
        "old": "rx.fullmatch((r.job.team or \"\").lower())",
        "new": "rx.search((r.job.team or \"\").lower())",
        "tests": ["fake:DemoTest.test_team_filter_is_a_full_match"],
    },
    {
        "name": "fake: its GraphQL schema drifts from the official one",
        "file": "tests/fake/fake_gql.py",
        "old": "\"generateKeytab\": \"Boolean\",",
        "new": "\"generateKeytab\": \"String\",",
        "tests": ["fake:SchemaTest.test_fake_schema_is_the_official_one"],
    },
    {
        "name": "safefile: a FIFO planted at token_file or cred_file hangs open()",
        "file": "src/safefile.c",
        "old": "O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow",
        "new": "O_RDONLY | O_CLOEXEC | (nofollow",
        "tests": ["fault:test_secret_files.sh"],
    },
    {
        "name": "worker: a watch sends again while its last request is still unanswered",
        "file": "src/worker.c",
        "old": "if (!wa->req || wa->in_flight || wa->stale)",
        "new": "if (!wa->req || wa->stale)",
        "tests": ["unit:test_worker"],
    },
    {
        "name": "worker: results of an unwatched slot still delivered",
        "file": "src/worker.c",
        "old": "\twa->req = NULL;\n\tretire_locked(w, wa);\n\tdrop_results_locked(w, slot);\n",
        "new": "\twa->req = NULL;\n\tretire_locked(w, wa);\n",
        "tests": ["unit:test_worker"],
    },
    {
        "name": "transport: loopback judged by a \"127.\" prefix, so 127.evil.invalid is this machine",
        "file": "src/transport.c",
        "old": "\tif (strcasecmp(h, \"localhost\") == 0)\n\t\tr = true;\n",
        "new": "\tif (strcasecmp(h, \"localhost\") == 0 || strncmp(h, \"127.\", 4) == 0)\n\t\tr = true;\n",
        "tests": ["unit:test_transport", "fault:test_transport_rules.sh"],
    },
    {
        "name": "transport: a proxy from the environment not counted as the network",
        "file": "src/transport.c",
        "old": "\t\tchar *proxy = transport_proxy_for(url);\n\t\tchar *hop = NULL;\n",
        "new": "\t\tchar *proxy = NULL;\n\t\tchar *hop = NULL;\n",
        "tests": ["unit:test_transport", "fault:test_transport_rules.sh"],
    },
    {
        "name": "auth: insecure extended to the token endpoint",
        "file": "src/auth_exchange.c",
        "old": "transport_easy_setup(c, x->url, x->ca_file, false);",
        "new": "transport_easy_setup(c, x->url, x->ca_file, true);",
        "tests": ["fault:test_transport_rules.sh"],
    },
    {
        "name": "auth: the token provider waits for the exchange, holding the worker loop",
        "file": "src/auth.c",
        "old": "\t\t\t\t*gen = a->gen;\n\t\t\t\treturn HTTP_TOKEN_WAIT;\n",
        "new": "\t\t\t\t*gen = a->gen;\n\t\t\t\twhile (a->refreshing)\n"
               "\t\t\t\t\tpthread_cond_wait(&a->refreshed, &a->mu);\n\t\t\t\treturn HTTP_TOKEN_WAIT;\n",
        "tests": ["fault:test_token_hang.sh"],
    },
    {
        "name": "http: a request sent without a token after the exchange failed",
        "file": "src/http.c",
        "old": "\t\t\t*why = terr ? terr : xstrdup(\"no token: the token refresh failed\");\n\t\t\treturn -1;\n",
        "new": "\t\t\tfree(terr);\n\t\t\tbreak;\n",
        "tests": ["unit:test_http", "api", "fault:test_token_hang.sh"],
    },
    {
        "name": "check: the service URL printed with its password",
        "file": "src/main.c",
        "old": "check_line(\"service\", shown);",
        "new": "check_line(\"service\", ctx->url);",
        "tests": ["fault:test_transport_rules.sh"],
    },
    {
        "name": "status line: a hanging token exchange shown as a bare \"connecting\"",
        "file": "src/conn.c",
        "old": "\tif (!c || !c->token_host || !auth_exchanging(c->auth))\n\t\treturn NULL;\n",
        "new": "\treturn NULL;\n",
        "tests": ["fault:test_token_hang.sh"],
    },
    {
        "name": "start-up: the jobs list's first request waits for the terminal set-up",
        "file": "src/ui/ui.c",
        "old": "\tapp_push(a, jobs_view_new(a));\n"
               "\tif (app_open_screen(a, err) < 0) {\n\t\tapp_free(a);\n\t\treturn -1;\n\t}\n",
        "new": "\tif (app_open_screen(a, err) < 0) {\n\t\tapp_free(a);\n\t\treturn -1;\n\t}\n"
               "\tapp_push(a, jobs_view_new(a));\n",
        "tests": ["screen:test_startup.sh"],
    },
    {
        "name": "trace: the events before trace_start are lost",
        "file": "src/trace.c",
        "old": "\t\tstrbuf_printf(&pending_lines, \"%lld.%03lld %s\\n\", t / 1000, t % 1000, line);\n",
        "new": "\t\t(void)t;\n",
        "tests": ["unit:test_trace", "screen:test_startup.sh"],
    },
    {
        "name": "start-up: the running executions' query goes out beside the first page",
        "file": "src/ui/jobs_runs.c",
        "old": "\tp->runs_held = !p->loaded && p->subset == SUBSET_NONE;\n",
        "new": "\tp->runs_held = false;\n",
        "tests": ["screen:test_startup.sh"],
    },
    {
        "name": "start-up: the held running executions' query waits out its hold",
        "file": "src/ui/jobs_view.c",
        "old": "\t\tjobs_load_runs_release(p);\n",
        "new": "",
        "tests": ["screen:test_startup_runs.sh"],
    },
    {
        "name": "app core: a global command handled by the core itself, not by the handler registered for it",
        "file": "src/ui/app_input.c",
        "old": "\tconst struct app_handler *h = &a->on_action[act];\n",
        "new": "\tif (act == ACT_HELP) {\n\t\tapp_message(a, MSG_INFO, \"help\");\n\t\treturn;\n\t}\n"
               "\tconst struct app_handler *h = &a->on_action[act];\n",
        "tests": ["unit:test_app"],
    },
    {
        "name": "app core: the action log's view found by its name, not by VF_ACTION_LOG",
        "file": "src/ui/app_services.c",
        "old": "if (a->stack[i]->ops->flags & VF_ACTION_LOG)",
        "new": "if (str_eq(a->stack[i]->ops->name, \"log\"))",
        "tests": ["unit:test_app"],
    },
    {
        "name": "app loop: a hung-up terminal that also polls readable kept, so vdktop spins without a SIGHUP",
        "file": "src/ui/app.c",
        "old": "if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {",
        "new": "if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(fds[0].revents & POLLIN)) {",
        "tests": ["screen:test_hangup"],
    },
    {
        "name": "jdoc: the first of repeated keys read, where json-c (and the server's last word) keeps the last",
        "file": "src/jdoc.c",
        "old": "\t\tif (m->key[0] == key[0] && strcmp(m->key, key) == 0)\n\t\t\tfound = m;\n",
        "new": "\t\tif (!found && m->key[0] == key[0] && strcmp(m->key, key) == 0)\n\t\t\tfound = m;\n",
        "tests": ["unit:test_jdoc"],
    },
    {
        "name": "jdoc: no bound on the values of a document, so a few megabytes of [0,0,...] cost gigabytes",
        "file": "src/jdoc.c",
        "old": "\tif (d->n >= JDOC_MAX_NODES) {\n",
        "new": "\tif (false) {\n",
        "tests": ["unit:test_jdoc"],
    },
    {
        "name": "jdoc: a surrogate pair decoded as two replacement characters",
        "file": "src/jdoc.c",
        "old": "\t\t\t\tif (lo >= 0xDC00 && lo <= 0xDFFF) {\n",
        "new": "\t\t\t\tif (false) {\n",
        "tests": ["unit:test_jdoc"],
    },
    {
        "name": "screen: no pass through endwin at start, so ncurses writes after every cursor move",
        "file": "src/ui/screen.c",
        "old": "\tscreen_on = 1;\n\tscreen_settle();\n",
        "new": "\tscreen_on = 1;\n\t(void)screen_settle;\n",
        "tests": ["unit:test_screen"],
    },
    {
        "name": "timefmt: the calendar's years counted from January, so every January and February is a year off",
        "file": "src/timefmt.c",
        "old": "\ty -= m <= 2;\n",
        "new": "\ty -= 0;\n",
        "tests": ["unit:test_timefmt"],
    },
    {
        "name": "logstream: a big answer decoded on the transfer's thread, after each piece, never beside it",
        "file": "src/logstream.c",
        "old": "\tif (!ls->inline_only && !ls->started && !start(ls))\n",
        "new": "\tif (!ls->inline_only && !ls->started && (true || !start(ls)))\n",
        "tests": ["unit:test_logstream"],
    },
    {
        "name": "logstream: the decoder's refusal kept to itself, so a bad answer downloads to its end",
        "file": "src/logstream.c",
        "old": "\t\tif (!ok) {\n\t\t\tls->refused = true;\n",
        "new": "\t\tif (!ok && false) {\n\t\t\tls->refused = true;\n",
        "tests": ["unit:test_logstream"],
    },
    {
        "name": "logline: the level shortcut forgets that crit starts with a c",
        "file": "src/logline.c",
        "old": "\tif (first != 'e' && first != 'c' && first != 'f')\n",
        "new": "\tif (first != 'e' && first != 'f')\n",
        "tests": ["unit:test_logbuf"],
    },
    {
        "name": "logstream: the decoder thread decodes on while a poll just sent waits for a core",
        "file": "src/logstream.c",
        "old": "\t\t\tif (ls->gate)\n\t\t\t\tls->gate(ls->gate_ud);\n",
        "new": "",
        "tests": ["unit:test_logstream"],
    },
    {
        "name": "http: a bulk answer's reader opened without the lane's gate",
        "file": "src/http.c",
        "old": "bulk ? &(struct http_gate){t->c->gate, t->c->gate_ud} : NULL);",
        "new": "bulk && false ? &(struct http_gate){t->c->gate, t->c->gate_ud} : NULL);",
        "tests": ["unit:test_http_twin"],
    },
    {
        "name": "http: a bulk transfer on the shared connection, so the polls queue behind it",
        "file": "src/http.c",
        "old": "\tif (r->bulk) {\n",
        "new": "\tif (false) {\n",
        "tests": ["unit:test_http", "logs:test_bulk.sh"],
    },
    {
        "name": "http: every request on a connection of its own",
        "file": "src/http.c",
        "old": "\tCURLM *lane = c->multi;\n",
        "new": "\tCURLM *lane = c->multi;\n\tcurl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);\n",
        "tests": ["unit:test_http", "logs:test_bulk.sh"],
    },
    {
        "name": "http: the loop waits on the shared connection only, a bulk answer waits for the next poll",
        "file": "src/http.c",
        "old": "\tcurl_multi_poll(c->multi, extra, n, timeout_ms, NULL);\n",
        "new": "\tcurl_multi_poll(c->multi, NULL, 0, timeout_ms > 30000 ? timeout_ms : 30000, NULL);\n"
               "\t(void)n;\n",
        "tests": ["unit:test_http"],
    },
    {
        "name": "worker: a log's tail poll as a bulk transfer, on a new connection every time",
        "file": "src/worker.c",
        "old": "\t\treturn watch < 0;\n",
        "new": "\t\treturn true;\n",
        "tests": ["unit:test_worker_bulk"],
    },
    {
        "name": "worker: nothing goes as a bulk transfer on a connection of its own",
        "file": "src/worker.c",
        "old": "\thr->bulk = is_bulk(req, watch);\n",
        "new": "\thr->bulk = is_bulk(req, watch) && false;\n",
        "tests": ["unit:test_worker_bulk", "logs:test_bulk.sh"],
    },
    {
        "name": "fake: a request's served time logged before its answer is written",
        "file": "tests/fake/control_service.py",
        "old": "\"status\": status, \"response_bytes\": sent, \"connection\": self.conn_id}",
        "new": "\"status\": status, \"response_bytes\": sent, \"connection\": self.conn_id, \"served_ms\": 0.0}",
        "tests": ["fake:FaultTest.test_stall_paths_hold_half_an_answer"],
    },
    {
        "name": "worker: a bulk transfer on the shared lane's thread, a poll waits while its answer is decoded",
        "file": "src/worker.c",
        "old": "struct lane *lane = &w->lanes[is_bulk(req, -1) ? LANE_BULK : LANE_SHARED];",
        "new": "struct lane *lane = &w->lanes[LANE_SHARED];",
        "tests": ["unit:test_worker_bulk"],
    },
    {
        "name": "worker: the bulk lane does not give way to a poll just sent",
        "file": "src/worker.c",
        "old": "if (newest < 0 || now_ms() >= until)",
        "new": "if (true)",
        "tests": ["unit:test_worker_bulk"],
    },
    {
        "name": "worker: the bulk lane waits for a slow poll's answer however long it takes",
        "file": "src/worker.c",
        "old": "if (newest < 0 || now_ms() >= until)",
        "new": "if (newest < 0)",
        "tests": ["unit:test_worker_bulk"],
    },
    {
        "name": "http: a bulk answer's pieces are handed over without passing the gate",
        "file": "src/http.c",
        "old": "\t\tt->c->gate(t->c->gate_ud);\n",
        "new": "\t\t(void)t->c->gate_ud;\n",
        "tests": ["unit:test_http_twin"],
    },
    {
        "name": "worker: a view that goes leaves its log download running on the bulk lane",
        "file": "src/worker.c",
        "old": "\tfor (int l = 0; l < LANE_COUNT; l++) {\n\t\tstruct lane *lane = &w->lanes[l];\n\t\tsize_t keep = 0;\n",
        "new": "\tfor (int l = 0; l < 1; l++) {\n\t\tstruct lane *lane = &w->lanes[l];\n\t\tsize_t keep = 0;\n",
        "tests": ["unit:test_worker_bulk"],
    },
    {
        "name": "http: a token refresh that ends does not wake the twin, its transfer waits out the loop's wait",
        "file": "src/http.c",
        "old": "\t\tcurl_multi_wakeup(twin->multi);\n",
        "new": "\t\t(void)twin;\n",
        "tests": ["unit:test_http_twin"],
    },
    {
        "name": "http: the twin takes the token source's one subscription from its parent",
        "file": "src/http.c",
        "old": "twin = client_make(&c->opt, c->has_tokens ? &c->tokens : NULL, false);",
        "new": "twin = client_make(&c->opt, c->has_tokens ? &c->tokens : NULL, true);",
        "tests": ["unit:test_http_twin"],
    },
    {
        "name": "logscan: a \\u escape split between two pieces of the answer starts over",
        "file": "src/logscan.c",
        "old": "\ts->off += len;\n\treturn true;\n",
        "new": "\tif (s->state == ST_HEX)\n\t\ts->hex_n = 0;\n\ts->off += len;\n\treturn true;\n",
        "tests": ["unit:test_logscan"],
    },
    {
        "name": "logscan: a lone high surrogate dropped instead of read as U+FFFD (json-c's reading)",
        "file": "src/logscan.c",
        "old": "\t\ts->high = 0;\n\t\temit(s, replacement, 3);\n",
        "new": "\t\ts->high = 0;\n",
        "tests": ["unit:test_logscan"],
    },
    {
        "name": "logscan: a \"logs\" key nested in another object taken for the answer's",
        "file": "src/logscan.c",
        "old": "string_start(s, s->depth == 1 ? T_KEY : T_SKIP);",
        "new": "string_start(s, T_KEY);",
        "tests": ["unit:test_logscan"],
    },
    {
        "name": "logtext: a chunk that fills up keeps the start of its open line, which goes on in the next chunk",
        "file": "src/logtext.c",
        "old": "\tmemcpy(d->data, c->data + t->line_start, open);\n\td->len = open;\n\tc->len = t->line_start;\n",
        "new": "",
        "tests": ["unit:test_logtext"],
    },
    {
        "name": "logtext: a long line cut inside a character (no back-off to its lead byte)",
        "file": "src/logtext.c",
        "old": "\twhile (keep > 0 && (next & 0xC0) == 0x80)\n",
        "new": "\twhile (keep > 0 && (next & 0xC0) == 0x80 && 0)\n",
        "tests": ["unit:test_logtext", "unit:test_api"],
    },
    {
        "name": "logbuf: a chunk taken over is freed while the cap drops its lines, before its last one is indexed",
        "file": "src/logbuf.c",
        "old": "\t\tlb->blocks[bi].live++;\n\t\tfor (size_t off = 0; off < c->len;) {\n",
        "new": "\t\tfor (size_t off = 0; off < c->len;) {\n",
        "tests": ["unit:test_logbuf"],
    },
    {
        "name": "http: a streamed answer's error body given to the reader too",
        "file": "src/http.c",
        "old": "(status >= 200 && status <= 299)",
        "new": "(status >= 200)",
        "tests": ["unit:test_http"],
    },
    {
        "name": "worker: the logs answer held whole before it is read (no streamed reader)",
        "file": "src/worker_api.c",
        "old": "\t\t\tapi_logs_stream(hr, r->line_max);\n",
        "new": "\t\t\t(void)hr;\n",
        "tests": ["fault:test_hostile_logline.sh"],
    },
    {
        "name": "deploy tracker: stops when the old version answers instead of waiting for the new one",
        "file": "src/ui/deploy_wait.c",
        "old": "r->ok && deploy_is_live(dep, w->version, w->python)",
        "new": "r->ok && dep",
        "tests": ["unit:test_deploy_wait"],
    },
    {
        "name": "deploy tracker: a failed check ends the wait as a timeout",
        "file": "src/ui/deploy_wait.c",
        "old": "} else if (now_ms - w->start_ms >= w->timeout_ms) {",
        "new": "} else if (!r->ok || now_ms - w->start_ms >= w->timeout_ms) {",
        "tests": ["unit:test_deploy_wait"],
    },
    {
        "name": "run: the arguments sent as typed, not as the parsed JSON object",
        "file": "src/ui/run_flow.c",
        "old": "req->args_json = json;",
        "new": "req->args_json = xstrdup(args);\n\tfree(json);",
        "tests": ["unit:test_run_flow", "actions:test_run.sh"],
    },
    {
        "name": "run: a 409 taken for a plain failure, the running execution never looked up",
        "file": "src/ui/run_flow.c",
        "old": "if (r->err.http_status == 409)",
        "new": "if (r->err.http_status == 0)",
        "tests": ["unit:test_run_flow"],
    },
    {
        "name": "jobs list: the team's last page never asked for",
        "file": "src/ui/jobs_load.c",
        "old": "\t\tfor (size_t i = 1; i < p->npages; i++)\n\t\t\tfetch_page(p, i);",
        "new": "\t\tfor (size_t i = 1; i + 1 < p->npages; i++)\n\t\t\tfetch_page(p, i);",
        "tests": ["unit:test_jobs_load"],
    },
    {
        "name": "create: the failure contacts sent as one typed line, not a list of addresses",
        "file": "src/ui/create_form.c",
        "old": "form_split_list(form_text(f, contact_keys[0]), &j->contacts.on_user_error);",
        "new": "strlist_push(&j->contacts.on_user_error, form_text(f, contact_keys[0]));",
        "tests": ["unit:test_create_form"],
    },
    {
        "name": "deploy tracker: keeps polling the deployment once it is live",
        "file": "src/ui/deploy_track.c",
        "old": "\t\tapp_refresh(a, -1); /* every watch, the jobs list's too */\n\t\ttracker_stop(t);\n",
        "new": "\t\tapp_refresh(a, -1);\n",
        "tests": ["unit:test_deploy_track"],
    },
    {
        "name": "delete from the job view: the view of the deleted job left open",
        "file": "src/ui/job_view.c",
        "old": "\tt->whole_view = true;\n",
        "new": "\tt->whole_view = false;\n",
        "tests": ["actions:test_delete_job_view.sh"],
    },
    {
        "name": "logtext: a line's facts (hash, timestamp, error) taken with its '\\n'",
        "file": "src/logtext.c",
        "old": "n = c->len - t->line_start - (newline ? 1 : 0);",
        "new": "n = c->len - t->line_start;",
        "tests": ["unit:test_logtext", "unit:test_logbuf"],
    },
    {
        "name": "table: a cursor move redraws every row, not the two it changed",
        "file": "src/ui/table.c",
        "old": "bool full = !t->drawn_valid ||",
        "new": "bool full = true || !t->drawn_valid ||",
        "tests": ["unit:test_table_draw"],
    },
    {
        "name": "table: the space between cells back in the normal attribute after each coloured cell",
        "file": "src/ui/table.c",
        "old": "put(t, win, theme_blank_like(cur, gap) ? cur : gap, \" \", 1, CELL_LEFT);",
        "new": "put(t, win, gap, \" \", 1, CELL_LEFT);",
        "tests": ["unit:test_table_draw"],
    },
    {
        "name": "table: a right-aligned cell's padding switches to the cell's attribute",
        "file": "src/ui/table.c",
        "old": "if (lead > 0 && *cur != attr && theme_blank_like(*cur, attr)) {",
        "new": "if (false) {",
        "tests": ["unit:test_table_draw"],
    },
    {
        "name": "theme: a blank on another background taken for a plain one",
        "file": "src/ui/theme.c",
        "old": "return bg != -2 && bg == pair_bg(base);",
        "new": "return bg != -2;",
        "tests": ["unit:test_theme"],
    },
]
