#!/usr/bin/env python3
"""The crash test's driver (Python standard library only); scripts/crash-test.sh prepares the tools,
the binary and the database and calls it once per database.

Starts the Zalo stand-in and `loa serve`, submits petitions (`POST /api/v1/petitions`) and signed
Zalo events (`POST /webhooks/zalo`) from several threads, kills the server with SIGKILL (by default
twice, each aimed at a moment where a crash hurts most: see `Run.moment`), restarts it on the same
database each time, keeps going, waits for the job queue to drain, then checks
that everything acknowledged (201/200) is stored exactly once and handled, and that nobody was sent
anything twice: each Zalo user writes "menu" once and must get one reply from the stand-in, never two
(none only where a kill caught that reply between leaving and being recorded, which Loa marks),
and each petition's e-mail address exactly one notice through LOA_SENDMAIL.

A client that loses its connection, or gets a 5xx, sends the same request again until it is
answered (the petition with the same Idempotency-Key, the event with the same bytes), as real
clients and Zalo do; those are the requests that straddle the crash.
"""
import argparse
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

OA_ID = "579745863508352884"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, args):
        self.args = args
        self.label = args.label
        self.work = args.work
        self.data = os.path.join(args.work, "data")
        self.maildir = os.path.join(args.work, "mail")
        os.makedirs(self.maildir, exist_ok=True)
        self.lock = threading.Lock()
        self.petitions = {}  # idempotency key -> code, from the 201s
        self.events = {}  # msg_id -> Zalo user id, from the 200s
        self.resends = 0  # acknowledged events sent again on purpose, as Zalo does
        self.retried = {"petitions": 0, "events": 0}  # requests that needed more than one try
        self.statuses = {}
        self.unexpected = []  # 4xx answers: a client error Loa should not have given
        self.stop = threading.Event()
        self.server = None
        self.started = time.monotonic()
        self.failures = []

    # -- output -------------------------------------------------------------------------------

    def say(self, text):
        print(f"[{self.label}] {text}", flush=True)

    def check(self, ok, what):
        self.say(("PASS " if ok else "FAIL ") + what)
        if not ok:
            self.failures.append(what)

    # -- processes ----------------------------------------------------------------------------

    def spawn(self, arguments, env, log):
        process = subprocess.Popen(
            arguments, env=env, stdout=open(log, "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        # The shell's EXIT trap kills whatever is listed here, should this driver die first.
        with open(os.path.join(self.work, "pids"), "a") as pids:
            pids.write(f"{process.pid}\n")
        return process

    def start_standin(self):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(LOA_DATA_DIR=os.path.join(self.work, "standin"), LOG_LEVEL="warning")
        log = os.path.join(self.work, "standin.log")
        # --accept-all: the users write to Loa directly, so the stand-in has not met them.
        self.standin = self.spawn([self.args.loa, "zalo", "stand-in", "--port", str(port), "--accept-all"], env, log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = open(log, encoding="utf-8", errors="replace").read()
            match = re.search(r"(LOA_ZALO_API_URL=\S+.*)$", text, re.M)
            if match:
                self.zalo = dict(part.split("=", 1) for part in match.group(1).split())
                self.standin_url = self.zalo["LOA_ZALO_API_URL"]
                return
            if self.standin.poll() is not None:
                break
            time.sleep(0.2)
        raise SystemExit(f"[{self.label}] the Zalo stand-in did not start:\n{open(log).read()[-2000:]}")

    def server_env(self):
        sendmail = os.path.join(self.work, "sendmail.sh")
        if not os.path.exists(sendmail):
            with open(sendmail, "w") as f:
                f.write(f'#!/bin/sh\ncat > "$(mktemp {self.maildir}/mail.XXXXXXXX)"\n')
            os.chmod(sendmail, 0o755)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(self.zalo)
        env.update(
            LOA_DATA_DIR=self.data, LOA_DEMO="0", LOA_PETITIONS_PER_HOUR="10000", LOG_LEVEL="warning",
            LOA_SENDMAIL=sendmail, LOA_PUBLIC_URL=f"http://127.0.0.1:{self.port}", LOA_ZALO_RATE="1000",
            LOA_TRUSTED_PROXIES="127.0.0.1",
        )
        if self.args.database_url:
            env["DATABASE_URL"] = self.args.database_url
        return env

    def start_server(self):
        self.server = self.spawn(
            [self.args.loa, "serve", "--port", str(self.port)], self.server_env(), os.path.join(self.work, "loa.log")
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.server.poll() is not None:
                break
            time.sleep(0.2)
        raise SystemExit(f"[{self.label}] loa serve did not start:\n{open(os.path.join(self.work, 'loa.log')).read()[-3000:]}")

    # -- the database -------------------------------------------------------------------------

    def query(self, sql):
        if self.args.database_url:
            out = subprocess.run(
                ["psql", self.args.database_url, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                check=True, capture_output=True, text=True,
            ).stdout
            return [tuple(line.split("\t")) for line in out.splitlines() if line]
        connection = sqlite3.connect(os.path.join(self.data, "loa.sqlite"), timeout=30)
        try:
            rows = connection.execute(sql).fetchall()
            connection.commit()
            return [tuple("" if v is None else str(v) for v in row) for row in rows]
        finally:
            connection.close()

    def job_counts(self):
        text = urllib.request.urlopen(f"{self.base}/metrics", timeout=5).read().decode()
        return {m.group(1): int(m.group(2)) for m in re.finditer(r'^loa_jobs\{state="(\w+)"\} (\d+)', text, re.M)}

    # -- clients ------------------------------------------------------------------------------

    def post(self, connection, path, body, headers):
        """Sends until answered with something other than a 5xx; returns (status, body, tries)."""
        tries = 0
        while True:
            tries += 1
            try:
                if connection[0] is None:
                    connection[0] = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                connection[0].request("POST", path, body=body, headers=headers)
                response = connection[0].getresponse()
                data = response.read()
                with self.lock:
                    self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                if response.status < 500:
                    return response.status, data, tries
            except (OSError, http.client.HTTPException):
                if connection[0] is not None:
                    connection[0].close()
                connection[0] = None
            if time.monotonic() > self.hard_deadline:
                return None, b"", tries
            time.sleep(0.1)

    def petition_client(self, number):
        connection = [None]
        i = 0
        while not self.stop.is_set():
            i += 1
            key = f"crash-{self.label}-{number}-{i}"
            body = json.dumps({
                "topic": "tien-luong", "title": f"Phản ánh thử nghiệm số {number}-{i} về phụ cấp",
                "content": "Tôi là viên chức, chuyển ngạch năm 2024. Xin hỏi phụ cấp thâm niên được tính thế nào?",
                "name": "Nguyễn Văn An", "phone": "0912345678", "email": f"{key}@example.vn",
                "address": "Phường Ba Đình, Hà Nội", "consent_publish": True,
            }, ensure_ascii=False).encode()
            headers = {
                "Content-Type": "application/json", "Idempotency-Key": key,
                "X-Forwarded-For": f"10.{number}.{(i // 250) % 250}.{i % 250 + 1}",
            }
            status, data, tries = self.post(connection, "/api/v1/petitions", body, headers)
            with self.lock:
                if tries > 1:
                    self.retried["petitions"] += 1
                if status in (200, 201):
                    self.petitions[key] = json.loads(data)["code"]
                elif status is not None:
                    self.unexpected.append(f"petition {key}: {status} {data[:200]!r}")

    def signed(self, user, msg_id):
        app_id, secret = self.zalo["LOA_ZALO_APP_ID"], self.zalo["LOA_ZALO_OA_SECRET_KEY"]
        timestamp = str(int(time.time() * 1000))
        body = json.dumps({
            "app_id": app_id, "event_name": "user_send_text", "timestamp": timestamp,
            "sender": {"id": user}, "recipient": {"id": OA_ID}, "user_id_by_app": "9" + user[1:],
            "message": {"text": "menu", "msg_id": msg_id},
        }, ensure_ascii=False, separators=(",", ":")).encode()
        # DESIGN.md: plain SHA-256 of app_id + the exact body + timestamp + OA secret, lowercase hex.
        mac = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode()).hexdigest()
        return body, {"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"}

    def webhook_client(self, number):
        connection = [None]
        i = 0
        while not self.stop.is_set():
            i += 1
            # One user per event: each must get exactly one reply ("menu" has one).
            user = str(8400000000000000000 + number * 10_000_000 + i)
            msg_id = f"crash{self.label}{number:02d}{i:07d}"
            body, headers = self.signed(user, msg_id)
            status, data, tries = self.post(connection, "/webhooks/zalo", body, headers)
            with self.lock:
                if tries > 1:
                    self.retried["events"] += 1
                if status == 200:
                    self.events[msg_id] = user
                elif status is not None:
                    self.unexpected.append(f"event {msg_id}: {status} {data[:200]!r}")
            if status == 200 and i % 10 == 0:
                # Zalo resends what it thinks was lost: the same bytes, which must change nothing.
                again, _, _ = self.post(connection, "/webhooks/zalo", body, headers)
                if again == 200:
                    with self.lock:
                        self.resends += 1

    # -- the run ------------------------------------------------------------------------------

    def run(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.start_standin()
        self.start_server()
        first_pid = self.server.pid
        self.say(f"loa serve (pid {first_pid}) on {self.base}, Zalo stand-in on {self.standin_url}; "
                 f"{self.args.threads} petition and {self.args.threads} webhook clients")
        kills = len(self.args.kill_at.split(","))
        self.hard_deadline = time.monotonic() + self.args.before + self.args.after * kills + 150
        clients = [threading.Thread(target=self.petition_client, args=(n,), daemon=True) for n in range(self.args.threads)]
        clients += [threading.Thread(target=self.webhook_client, args=(n,), daemon=True) for n in range(self.args.threads)]
        for client in clients:
            client.start()
        for number, moment in enumerate(self.args.kill_at.split(",")):
            time.sleep(self.args.before if number == 0 else self.args.after)
            self.crash(moment.strip())

        time.sleep(self.args.after)
        self.stop.set()
        for client in clients:
            client.join()
        load_seconds = time.monotonic() - self.started
        self.say(f"load stopped: {len(self.petitions)} petitions and {len(self.events)} events acknowledged "
                 f"({self.resends} events resent on purpose); requests that straddled a crash: "
                 f"{self.retried['petitions']} petitions, {self.retried['events']} events; statuses {self.statuses}")

        drained_in = self.drain(90)
        self.verify(drained_in)
        self.server.send_signal(signal.SIGTERM)
        self.standin.send_signal(signal.SIGTERM)
        for process in (self.server, self.standin):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        took = time.monotonic() - self.started
        self.say(f"RESULT: {'PASS' if not self.failures else 'FAIL'} in {took:.0f} s (load {load_seconds:.0f} s)")
        return not self.failures

    def moment(self, kind):
        """Waits for the moment to kill. A random moment rarely falls where a crash hurts most, so by
        default the test aims: 'reply' kills just after the stand-in accepted a Zalo reply (before
        Loa can have recorded it), 'mail' just after a notice reached LOA_SENDMAIL; 'random' kills now."""
        if kind == "random":
            return "at a random moment"
        host, port = self.standin_url.split("//")[1].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=5)

        def replies():
            connection.request("GET", "/standin/messages")
            return json.loads(connection.getresponse().read())["messages"]

        baseline = replies() if kind == "reply" else len(os.listdir(self.maildir))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (replies() if kind == "reply" else len(os.listdir(self.maildir))) > baseline:
                connection.close()
                return {"reply": "just after the stand-in accepted a Zalo reply",
                        "mail": "just after a notice reached sendmail"}[kind]
        connection.close()
        return f"after waiting 10 s for a {kind} that did not come"

    def crash(self, kind):
        """kill -9 at the chosen moment, restart on the same database, and check that the dead
        process's claimed jobs go back to the queue."""
        with self.lock:
            acknowledged = (len(self.petitions), len(self.events))
        jobs = self.job_counts()
        pid = self.server.pid
        when = self.moment(kind)
        os.kill(pid, signal.SIGKILL)
        self.server.wait()
        killed = time.monotonic()
        self.say(f"kill -9 {pid} {when}, {killed - self.started:.0f} s in: {acknowledged[0]} petitions and "
                 f"{acknowledged[1]} events acknowledged so far; queue: {jobs}")
        time.sleep(1)  # clients meet a closed port for a moment, as they would in production
        self.start_server()
        self.say(f"restarted as pid {self.server.pid} on the same database in {time.monotonic() - killed:.1f} s")
        # Jobs the dead process had claimed: the restarted server sees that their holder on this
        # machine is gone and queues them again at once, instead of after their 300 s lease.
        held = f"SELECT COUNT(*) FROM jobs WHERE state = 'running' AND locked_by LIKE '%:{pid}:%'"
        deadline = time.monotonic() + 15
        while int(self.query(held)[0][0]) > 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        left = int(self.query(held)[0][0])
        self.check(left == 0, f"jobs held by the killed process {pid} released by the restarted server"
                   + (f" — {left} still held" if left else ""))

    def drain(self, timeout):
        started = time.monotonic()
        last = None
        while time.monotonic() - started < timeout:
            counts = self.job_counts()
            if counts.get("queued", 0) == 0 and counts.get("running", 0) == 0:
                return time.monotonic() - started
            if counts != last and int(time.monotonic() - started) % 5 == 0:
                last = counts
                self.say(f"  draining: {counts}")
            time.sleep(0.5)
        return None

    def verify(self, drained_in):
        counts = self.job_counts()
        self.check(drained_in is not None,
                   f"job queue drained" + (f" in {drained_in:.1f} s" if drained_in is not None else f": still {counts}"))
        dead = self.query("SELECT kind, last_error FROM jobs WHERE state = 'dead'")
        self.check(not dead, f"no dead jobs" + (f": {dead[:5]}" if dead else f" ({counts.get('done', 0)} done)"))
        self.check(not self.unexpected, "no unexpected 4xx answers" + (f": {self.unexpected[:5]}" if self.unexpected else ""))
        self.check(len(self.petitions) >= 20 and len(self.events) >= 20,
                   f"enough load: {len(self.petitions)} petitions, {len(self.events)} events")

        # Petitions: every 201 is there once, under the code it was given.
        rows = self.query("SELECT idempotency_key, code FROM petitions WHERE idempotency_key LIKE 'api:crash-%'")
        stored = {}
        for key, code in rows:
            stored.setdefault(key[len("api:"):], []).append(code)
        missing = [k for k in self.petitions if k not in stored]
        twice = [k for k, codes in stored.items() if len(codes) > 1]
        wrong = [k for k, code in self.petitions.items() if k in stored and stored[k] != [code]]
        extra = [k for k in stored if k not in self.petitions]
        duplicate_codes = self.query("SELECT code, COUNT(*) FROM petitions GROUP BY code HAVING COUNT(*) > 1")
        self.check(not missing and not twice and not wrong and not duplicate_codes,
                   f"petitions: {len(self.petitions)} acknowledged, each stored exactly once under its code"
                   + (f" — missing {missing[:5]}, twice {twice[:5]}, other code {wrong[:5]}, shared codes {duplicate_codes[:5]}"
                      if missing or twice or wrong or duplicate_codes else "")
                   + (f" ({len(extra)} stored without an answer reaching the client)" if extra else ""))

        # E-mail notices: the petition's "received" notice, once per address.
        mails = {}
        for name in os.listdir(self.maildir):
            text = open(os.path.join(self.maildir, name), encoding="utf-8", errors="replace").read()
            match = re.search(r"^To: (\S+)", text, re.M)
            if match:
                mails[match.group(1)] = mails.get(match.group(1), 0) + 1
        expected = {f"{k}@example.vn" for k in stored}
        unsent = [a for a in expected if a not in mails]
        mailed_twice = {a: n for a, n in mails.items() if n > 1}
        # At most once: a notice a kill caught between sendmail and Loa's record is marked
        # interrupted and not sent again; only those may be missing.
        interrupted_mail = set()
        if unsent:
            sample = ", ".join(f"'{a}'" for a in unsent[:50])
            interrupted_mail = {row[0] for row in self.query(
                f"SELECT recipient FROM petition_notifications WHERE recipient IN ({sample}) AND outcome = 'interrupted'")}
        unsent = [a for a in unsent if a not in interrupted_mail]
        self.check(not unsent and not mailed_twice,
                   f"e-mail notices: {sum(mails.values())} sent for {len(expected)} stored petitions, none twice"
                   + (f", {len(interrupted_mail)} caught mid-send by a kill and, as promised, not repeated" if interrupted_mail else "")
                   + (f" — not sent {unsent[:5]}, sent more than once {list(mailed_twice.items())[:5]}" if unsent or mailed_twice else ""))

        # Zalo events: every 200 is stored once, by its dedupe key, and processed.
        rows = self.query("SELECT dedupe_key, CASE WHEN processed_at IS NULL THEN 0 ELSE 1 END FROM zalo_events "
                          "WHERE dedupe_key LIKE 'msg:crash%'")
        events = {}
        for key, processed in rows:
            events.setdefault(key[len("msg:"):], []).append(processed == "1")
        missing = [m for m in self.events if m not in events]
        twice = [m for m, p in events.items() if len(p) > 1]
        unprocessed = [m for m in self.events if m in events and not all(events[m])]
        self.check(not missing and not twice and not unprocessed,
                   f"zalo events: {len(self.events)} acknowledged, each stored once and processed"
                   + (f" — missing {missing[:5]}, twice {twice[:5]}, unprocessed {len(unprocessed)} {unprocessed[:5]}"
                      if missing or twice or unprocessed else ""))

        # The stand-in: each user wrote "menu" once, so exactly one reply each.
        try:
            with urllib.request.urlopen(f"{self.standin_url}/standin/messages", timeout=10) as response:
                standin = json.loads(response.read())
        except OSError as error:
            self.check(False, f"stand-in: GET /standin/messages failed ({error}); is the binary older than the endpoint?")
            return
        per_user = standin["per_user"]
        users = {u: m for m, u in self.events.items()}
        unanswered = [u for u in users if per_user.get(u, 0) == 0]
        answered_twice = {u: n for u, n in per_user.items() if n > 1}
        if answered_twice:
            # What Loa itself recorded for them: a reply the stand-in took but Loa has no record
            # of left between Zalo's answer and Loa's write, i.e. the process died in between.
            sample = ", ".join(f"'{u}'" for u in list(answered_twice)[:5])
            stored = self.query(f"SELECT zalo_user_id, direction, COUNT(*) FROM zalo_messages WHERE zalo_user_id IN ({sample}) "
                                "GROUP BY zalo_user_id, direction ORDER BY 1, 2")
            self.say(f"  replied twice; Loa's zalo_messages for them (user, direction, count): {stored}")
        # Delivery is at most once: a reply caught between leaving and being recorded is not sent
        # again. A user without a reply is acceptable only if Loa marked that reply interrupted
        # (reply_started_at set, no outgoing message recorded) — a kill landed exactly there.
        interrupted = []
        if unanswered:
            sample = ", ".join(f"'{u}'" for u in unanswered[:50])
            marked = {row[0] for row in self.query(
                f"SELECT user_id FROM zalo_events WHERE user_id IN ({sample}) AND reply_started_at IS NOT NULL")}
            sent = {row[0] for row in self.query(
                f"SELECT zalo_user_id FROM zalo_messages WHERE zalo_user_id IN ({sample}) AND direction = 'outgoing'")}
            interrupted = [u for u in unanswered if u in marked and u not in sent]
        lost = [u for u in unanswered if u not in interrupted]
        self.check(not lost and not answered_twice and len(interrupted) <= 4,
                   f"stand-in: {standin['messages']} replies for {len(users)} users, none twice"
                   + (f", {len(interrupted)} caught mid-send by a kill and, as promised, not repeated" if interrupted else "")
                   + (f" — {len(answered_twice)} users got a reply twice {list(answered_twice.items())[:5]}" if answered_twice else "")
                   + (f" — {len(lost)} users got no reply and none was interrupted {lost[:5]}" if lost else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loa", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--label", default="sqlite")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--before", type=float, default=8, help="seconds of load before the kill")
    parser.add_argument("--after", type=float, default=5, help="seconds of load after each restart")
    parser.add_argument("--kill-at", default="reply,mail",
                        help="one kill per item: reply (just after a Zalo reply left), mail (just after an e-mail did), random")
    args = parser.parse_args()
    sys.exit(0 if Run(args).run() else 1)


if __name__ == "__main__":
    main()
