"""The mobile app under load: what ``python -m benchmarks load`` runs with Locust.

Every simulated user is one employee's phone, signed in with its own bearer token (from the file
in LOAD_PEOPLE_FILE, written by benchmarks/load.py). Between two visits it waits as someone does
between two clients (LOAD_THINK_MIN to LOAD_THINK_MAX seconds). A visit is
what the app does when it is opened for one thing: today's session and its answers, the reviews,
an offline day sent as one batch, a conversation simulation, a compliment, an ontregel report,
the inbox, the device registration, the profile. Within a visit it pauses LOAD_READ_MIN to
LOAD_READ_MAX seconds between two calls, as someone reads a lesson block or a question
before tapping on. Requests are named by their route, so the figures group all
``/simulaties/{uuid}`` calls together.

A response counts as an error unless it has exactly the status the app expects: 4xx answers
count too, because every request here is one the app sends on a good day.

``NoOpPhone`` and ``TodayPhone`` are not part of the mix: without waiting, they ask for
``GET /api/v1/mij`` or ``GET /api/v1/mij/vandaag`` only, for the throughput ratio of the two.
"""

import datetime
import itertools
import json
import os
import random
import uuid
from urllib.parse import quote

import gevent
from locust import FastHttpUser, between, task

API = "/api/v1"
with open(os.environ["LOAD_PEOPLE_FILE"], encoding="utf-8") as people_file:
    PEOPLE = json.load(people_file)["people"]


# The pauses, in seconds; benchmarks/load.py sets them (its --think and --read).
THINK = (float(os.environ["LOAD_THINK_MIN"]), float(os.environ["LOAD_THINK_MAX"]))
READ = (float(os.environ["LOAD_READ_MIN"]), float(os.environ["LOAD_READ_MAX"]))
_seats = itertools.count()  # one employee per simulated phone, in turn

# What the employees write when they report a rule (the ontregel button).
RULES = [
    (
        "Voor elke parkeervergunning moet een inwoner opnieuw een uittreksel inleveren.",
        "Aanvraag parkeervergunning",
        "Inwoners komen twee keer langs voor iets wat wij al weten.",
    ),
    (
        "Een schuldhulpaanvraag moet op papier worden ondertekend.",
        "Intake schuldhulpverlening",
        "De aanvraag ligt een week stil tot het papier terug is.",
    ),
    (
        "Handhavers moeten elke waarschuwing ook per brief bevestigen.",
        "Handhaving openbare ruimte",
        "Een halve dag per week gaat op aan brieven die niemand leest.",
    ),
]
REASONS = [
    "Je bleef zo rustig bij die lastige melding aan de balie. Dank je wel!",
    "Zonder jouw hulp was de aanvraag nooit op tijd rond gekomen.",
    "Je denkt altijd mee en maakt het werk lichter voor het hele team.",
]


def _moment(seconds_ago: float = 0.0) -> str:
    moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=seconds_ago)
    return moment.isoformat(timespec="milliseconds")


def _options_to_choose(question: dict, rng: random.Random) -> list[str]:
    """Mostly right, sometimes wrong: the answers a learner gives."""
    options = question["opties"]
    right = [o["uuid"] for o in options if o["juist"]]
    if rng.random() < 0.8 and right:
        return right if question["soort"] == "meerdere_keuzes" else right[:1]
    return [rng.choice(options)["uuid"]]


def _questions(lesson: dict) -> list[dict]:
    return [block["vraag"] for block in lesson["blokken"] if block.get("vraag")]


def _answer(question: dict, rng: random.Random, seconds_ago: float) -> dict:
    """An answer as ``POST /mij/antwoorden`` and the offline batch take it."""
    return {
        "uuid": str(uuid.uuid4()),
        "vraag": question["uuid"],
        "gekozenOpties": _options_to_choose(question, rng),
        "beantwoordOp": _moment(seconds_ago),
        "duurMs": rng.randint(3_000, 25_000),
    }


def _completion(lesson: dict, rng: random.Random, seconds_ago: float) -> dict:
    return {
        "uuid": str(uuid.uuid4()),
        "les": lesson["uuid"],
        "versie": lesson["versie"],
        "voltooidOp": _moment(seconds_ago),
        "duurSeconden": rng.randint(90, 240),
    }


def _simulation_start(conversation: dict, seconds_ago: float, **more) -> dict:
    return {
        "uuid": str(uuid.uuid4()),
        "simulatie": conversation["uuid"],
        "versie": conversation["versie"],
        "gestartOp": _moment(seconds_ago),
        **more,
    }


class Phone(FastHttpUser):
    """One employee's phone: its token, and what it learnt from the last answers."""

    abstract = True

    def on_start(self):
        person = PEOPLE[next(_seats) % len(PEOPLE)]
        self.me = person["uuid"]
        self.headers = {"Authorization": f"Bearer {person['token']}", "Accept": "application/json"}
        self.rng = random.Random(self.me)
        self.today = None

    def call(self, method: str, path: str, *, expect=(200,), name=None, body=None):
        """One API call; anything but the expected status is an error. Returns the JSON."""
        with self.client.request(
            method,
            API + path,
            name=name or path.split("?")[0],
            headers=self.headers,
            json=body,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code}: {(response.text or '')[:300]}")
                return None
            response.success()
            return response.json() if response.text else None

    def create(self, path: str, body: dict, **options):
        """A POST that the app expects to create something (201)."""
        return self.call("POST", path, expect=(201,), body=body, **options)


class MobilePhone(Phone):
    """The realistic mix. Weights: how often people open the app for each thing."""

    _between_visits = between(*THINK)

    def wait_time(self):
        self.calls_in_visit = 0
        return self._between_visits()

    def call(self, method: str, path: str, **options):
        # Reading time between two calls of one visit.
        if getattr(self, "calls_in_visit", 0):
            gevent.sleep(self.rng.uniform(*READ))
        self.calls_in_visit = getattr(self, "calls_in_visit", 0) + 1
        return super().call(method, path, **options)

    def on_start(self):
        super().on_start()
        # The app registers its push target when it starts (the same one on every start).
        self.push_target = f"load-{uuid.uuid5(uuid.NAMESPACE_URL, self.me).hex}:APA91b"
        self.register_device()

    def refresh_today(self) -> dict | None:
        self.today = self.call("GET", "/mij/vandaag") or self.today
        return self.today

    @task(30)
    def open_today(self):
        self.refresh_today()

    @task(14)
    def learn_todays_lesson(self):
        today = self.refresh_today()
        lesson = today and today["les"]
        if not lesson:
            return
        for question in _questions(lesson):
            self.answer(question)
        self.create("/mij/voltooiingen", _completion(lesson, self.rng, 0))

    @task(10)
    def review(self):
        today = self.refresh_today()
        for review in (today["herhalingen"] if today else [])[:5]:
            self.answer(review["vraag"])

    def answer(self, question: dict):
        self.create("/mij/antwoorden", _answer(question, self.rng, 1))

    @task(6)
    def send_an_offline_day(self):
        """Practised on the train without signal: reviews and a lesson, sent as one batch."""
        today = self.today or self.refresh_today()
        if not today:
            return
        events, seconds_ago = [], 1800.0
        lesson = today["les"]
        questions = [r["vraag"] for r in today["herhalingen"][:8]]
        questions += _questions(lesson) if lesson else []
        for question in questions:
            events.append({"soort": "antwoord", **_answer(question, self.rng, seconds_ago)})
            seconds_ago -= 30
        if lesson:
            events.append({"soort": "voltooiing", **_completion(lesson, self.rng, seconds_ago)})
        if not events:
            return
        self.call("POST", "/mij/synchronisaties", body={"gebeurtenissen": events})
        self.today = None  # the app asks again after a sync

    @task(5)
    def play_a_simulation(self):
        simulations = self.call("GET", "/simulaties")
        if not simulations:
            return
        chosen = self.rng.choice(simulations)
        conversation = self.call("GET", f"/simulaties/{chosen['uuid']}", name="/simulaties/{uuid}")
        if not conversation:
            return
        steps = {step["uuid"]: step for step in conversation["stappen"]}
        if self.rng.random() < 0.5:
            self.play_online(conversation, steps)
        else:
            self.play_offline(conversation, steps)

    def play_online(self, conversation: dict, steps: dict):
        attempt = self.create("/mij/simulatiepogingen", _simulation_start(conversation, 1))
        while attempt and attempt["status"] == "bezig":
            choice = self.rng.choice(attempt["huidigeStap"]["keuzes"])
            attempt = self.create(
                f"/mij/simulatiepogingen/{attempt['uuid']}/keuzes",
                {"uuid": str(uuid.uuid4()), "keuze": choice["uuid"], "gekozenOp": _moment()},
                name="/mij/simulatiepogingen/{uuid}/keuzes",
            )

    def play_offline(self, conversation: dict, steps: dict):
        path, step, seconds_ago = [], steps[conversation["start"]], 120.0
        while step["soort"] != "einde":
            choice = self.rng.choice(step["keuzes"])
            made = {"uuid": str(uuid.uuid4()), "keuze": choice["uuid"]}
            path.append({**made, "gekozenOp": _moment(seconds_ago)})
            step, seconds_ago = steps[choice["volgendeStap"]], seconds_ago - 20
        self.create("/mij/simulatiepogingen", _simulation_start(conversation, 150, pad=path))

    @task(4)
    def compliment_a_colleague(self):
        campaigns = self.call("GET", "/complimentcampagnes")
        open_ones = [c for c in (campaigns or {}).get("resultaten", []) if c["fase"] == "open"]
        campaign = next((c for c in open_ones if c["nogTeVersturen"] > 0), None)
        if campaign is None:
            self.call("GET", "/mij/complimenten/verstuurd")
            return
        found = self.call("GET", f"/medewerkers?zoek={self.rng.choice(['jan', 'de', 'smit'])}")
        found = (found or {}).get("resultaten", [])
        colleagues = [c["uuid"] for c in found if c["uuid"] != self.me]
        if not colleagues:
            return
        values = [v["uuid"] for v in campaign["waarden"]]
        gifts = [g["uuid"] for g in campaign["cadeaus"]]
        self.create(
            "/complimenten",
            {
                "uuid": str(uuid.uuid4()),
                "campagne": campaign["uuid"],
                "ontvanger": self.rng.choice(colleagues),
                "waarden": self.rng.sample(values, k=min(2, len(values))),
                "reden": self.rng.choice(REASONS),
                "cadeau": self.rng.choice(gifts) if gifts else None,
                "anoniem": self.rng.random() < 0.15,
            },
        )
        self.call("GET", "/mij/complimenten/verstuurd")

    @task(3)
    def read_received_compliments(self):
        self.call("GET", "/mij/complimenten/ontvangen")

    @task(2)
    def report_an_obstructive_rule(self):
        rule, where, effect = self.rng.choice(RULES)
        self.call("GET", f"/regelmeldingen/suggesties?tekst={quote(rule[:60])}")
        self.create(
            "/regelmeldingen",
            {
                "regel": rule,
                "waarTegengekomen": where,
                "gevolg": effect,
                "beter": "Gebruik wat we al weten.",
                "herkomst": self.rng.choice(["eigen_organisatie", "landelijk", "onbekend"]),
                "privacy": self.rng.choice(["met_naam", "vertrouwelijk", "anoniem"]),
            },
        )
        self.call("GET", "/mij/regelmeldingen")

    @task(6)
    def open_the_inbox(self):
        inbox = self.call("GET", "/mij/notificaties")
        unopened = [n for n in (inbox or {}).get("resultaten", []) if not n.get("geopendOp")]
        if unopened:
            self.call(
                "POST",
                f"/mij/notificaties/{unopened[0]['uuid']}/geopend",
                name="/mij/notificaties/{uuid}/geopend",
            )

    @task(2)
    def register_device(self):
        self.call(
            "POST",
            "/apparaten",
            expect=(200, 201),
            body={"doel": self.push_target, "platform": "android", "appVersie": "2.4.1"},
        )

    @task(3)
    def open_profile(self):
        self.call("GET", "/mij")


class NoOpPhone(Phone):
    """The authenticated no-op: as many ``GET /mij`` as the server answers."""

    @task
    def profile(self):
        self.call("GET", "/mij")


class TodayPhone(Phone):
    """As many ``GET /mij/vandaag`` as the server answers."""

    @task
    def today(self):
        self.call("GET", "/mij/vandaag")
