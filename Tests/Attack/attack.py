#!/usr/bin/env python3
"""An attacker of dxready's published statistics.

It builds small province datasets (random ones, and adversarial ones: groups of 1, 2, 9, 10 and 11
businesses, a business alone in a sector of a locality, nested and linked groupings,
re-assessments across quarters), imports them with the real `dxready`, and reads every table a
user can publish: `dxready stats --format json` for the province, every grouping and every pair
of groupings, in every period (all time, each year, each quarter), for both statuses and for
several `--min-cell` values.

The attacker knows which businesses are in which groups (as a public business register would
tell), and the disclosure-control parameters that the outputs state. It does not know any score
or level. For every business it then solves linear programmes (scipy's HiGHS) over all published
figures together — each business's overall and dimension scores, its level as a relaxed 0–1
choice tied to the level bands, and every published mean and level count as a constraint with
the bounds the method allows — to find:

  * the interval its overall score must lie in, and
  * whether its level is forced.

It passes only if no business's level is determined and no business's score is pinned within the
protection margin (±5 points: an interval narrower than 10), and no published quartile rests on
fewer than 20 businesses (at that size the nearest-rank quartiles are the 5th-smallest value and
up, never an extreme, and they are rounded and shifted).

`--exact` attacks figures the script computes itself from the true scores with no protection but
the minimum cell size (the method before disclosure control by perturbation): the attack must
find disclosures there, which shows that it can fail.

Usage: attack.py --dxready BIN --questionnaires DIR [--exact] [--quick] [--keep DIR]
Exit status: 0 passed, 1 a disclosure was found (or, with --exact, none was), 2 could not run.
"""

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import yaml
    from scipy.optimize import linprog
    from scipy.sparse import lil_matrix
except ImportError as error:  # pragma: no cover
    print(f"attack.py: {error}; install scipy and pyyaml (pip install scipy pyyaml)", file=sys.stderr)
    sys.exit(2)

MARGIN = 5.0  # points: no score may be pinned within ±MARGIN
GROUPINGS = ["locality", "former-district", "sector", "broad-sector", "size", "period"]
WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def tax_code(rng):
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 10 - sum(d * w for d, w in zip(digits, WEIGHTS)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


class Reference:
    def __init__(self, folder):
        localities = yaml.safe_load(open(os.path.join(folder, "reference", "quang-ninh.yaml"), encoding="utf-8"))
        self.former = {}
        for unit in localities.get("current", localities.get("units", [])):
            self.former[unit["id"]] = unit.get("former")
        vsic = yaml.safe_load(open(os.path.join(folder, "reference", "vsic.yaml"), encoding="utf-8"))
        self.broad = {}
        for version in vsic["versions"]:
            for section in version["sections"]:
                self.broad[(version["version"], section["id"])] = section["broad"]
        questionnaire = yaml.safe_load(open(os.path.join(folder, "enterprise-dx.yaml"), encoding="utf-8"))
        self.levels = [(level.get("min", 0)) for level in questionnaire["levels"]]
        self.dimensions = [d["id"] for d in questionnaire["dimensions"]]
        self.weights = [float(d.get("weight", 1)) for d in questionnaire["dimensions"]]


def quarter_of(local):
    """'2026-04-01T03:00:00+07:00' (Vietnam time) → ('2026', '2026-Q2')."""
    year, month = local[:4], int(local[5:7])
    return year, f"{year}-Q{(month - 1) // 3 + 1}"


# Businesses: (locality, section, employees, revenue, [submission times in Vietnam time]).
def random_province(rng):
    localities = ["ha-long", "bai-chay", "hong-gai", "cam-pha", "mong-duong", "uong-bi"]
    sections = ["G", "C", "I", "F", "A"]
    quarters = ["2025-08", "2025-11", "2026-02", "2026-05", "2026-08"]
    businesses = []
    for _ in range(52):
        times = [f"{rng.choice(quarters)}-{rng.randint(1, 28):02d}T{rng.randint(8, 17):02d}:00:00+07:00"]
        if rng.random() < 0.2:  # re-assessed in a later quarter
            later = [q for q in quarters if q > times[0][:7]]
            if later:
                times.append(f"{rng.choice(later)}-{rng.randint(1, 28):02d}T10:00:00+07:00")
        businesses.append(
            (rng.choice(localities), rng.choice(sections), rng.choice([3, 8, 15, 40, 120]),
             rng.choice([1, 5, 30, 80, 400]), times))
    return businesses


def adversarial(rng):
    """Groups of 11, 10, 9, 2 and 1 in localities of one former district; a business alone in
    a sector of a locality; two re-assessed across quarters; linked sectors and sizes."""
    businesses = []

    def add(n, locality, section, employees=8, revenue=5, when="2026-05-12T09:00:00+07:00"):
        for _ in range(n):
            businesses.append((locality, section, employees, revenue, [when]))

    add(11, "ha-long", "G")
    add(10, "bai-chay", "G")
    add(9, "hong-gai", "C")
    add(2, "ha-lam", "I")
    add(1, "ha-tu", "F")  # alone in its locality
    add(10, "cam-pha", "G")
    add(1, "cam-pha", "A")  # alone in a sector of a locality
    add(10, "uong-bi", "C", employees=40, revenue=80)
    add(1, "uong-bi", "C", employees=300, revenue=900)  # alone in its size class
    # Re-assessed: first in Q1, again in Q3 (the later one counts for the year).
    for locality in ["ha-long", "bai-chay"]:
        businesses.append((locality, "G", 8, 5, ["2026-02-10T09:00:00+07:00", "2026-08-20T09:00:00+07:00"]))
    # A quarter of its own: one business in Q4 2025.
    add(1, "ha-long", "G", when="2025-11-03T09:00:00+07:00")
    return businesses


def write_dataset(businesses, synth, questionnaires, folder, rng):
    """Answers files, one per assessment, named in the order they were made (so that import,
    which takes them in name order, stores them in that order)."""
    count = sum(len(b[4]) for b in businesses)
    answers = os.path.join(folder, "synth")
    subprocess.run(
        [synth, "--count", str(count), "--out", answers, "--format", "json", "--seed", str(rng.randrange(10**6)),
         "--questionnaires", questionnaires], check=True, stdout=subprocess.DEVNULL)
    generated = sorted(os.listdir(answers))
    items = []
    for index, (locality, section, employees, revenue, times) in enumerate(businesses):
        code = tax_code(rng)
        for when in times:
            items.append((when, index, code, locality, section, employees, revenue))
    items.sort()
    files = os.path.join(folder, "answers")
    os.makedirs(files)
    assessments = []
    for number, ((when, business, code, locality, section, employees, revenue), name) in enumerate(
            zip(items, generated)):
        document = json.load(open(os.path.join(answers, name), encoding="utf-8"))
        uuid = "%08x-0000-4000-8000-%012x" % (business, number)
        document["assessment"] = uuid
        document["submitted"] = when
        document["profile"] = {
            "name": f"Doanh nghiệp {business}", "tax_code": code, "locality": locality,
            "industry": {"vsic": 2025, "section": section}, "employees": employees, "revenue_billion_vnd": revenue,
        }
        with open(os.path.join(files, f"a{number:05d}.json"), "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False)
        assessments.append({"id": uuid, "business": business, "when": when, "locality": locality,
                            "section": section})
    return files, assessments


def run(dxready, arguments, env):
    result = subprocess.run([dxready] + arguments, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"attack.py: dxready {' '.join(arguments)} failed:\n{result.stderr}", file=sys.stderr)
        sys.exit(2)
    return result.stdout


def ground_truth(dxready, env, assessments, reference):
    for item in assessments:
        shown = json.loads(run(dxready, ["show", item["id"], "--format", "json"], env))
        item["size"] = (shown.get("record") or {}).get("size_class")
        item["overall"] = shown["overall"].get("score")
        item["level"] = shown["overall"].get("level")
        item["dims"] = {d["id"]: d.get("score") for d in shown["dimensions"]}
        item["former"] = reference.former.get(item["locality"])
        item["broad"] = reference.broad.get((2025, item["section"]))
        item["year"], item["quarter"] = quarter_of(item["when"])


def periods(assessments):
    years = sorted({a["year"] for a in assessments})
    quarters = sorted({a["quarter"] for a in assessments})
    return [""] + years + quarters


def counted(assessments, period):
    """The assessment of each business that counts in a period: its latest there."""
    latest = {}
    for item in assessments:
        if period and period not in (item["year"], item["quarter"]):
            continue
        if item["business"] not in latest or item["when"] > latest[item["business"]]["when"]:
            latest[item["business"]] = item
    return list(latest.values())


def group_value(item, grouping, period):
    if grouping == "locality":
        return item["locality"]
    if grouping == "former-district":
        return item["former"]
    if grouping == "sector":
        return f"2025/{item['section']}"
    if grouping == "broad-sector":
        return item["broad"]
    if grouping == "size":
        return item["size"]
    return item["quarter"] if "-Q" in period else item["year"]


def publications(dxready, env, assessments, min_cells, quick):
    """Every published cell: its members (assessment ids, for each measure), its figures."""
    cells = []
    groupings = [[]] + [[g] for g in GROUPINGS] + [list(p) for p in itertools.combinations(GROUPINGS, 2)]
    if quick:
        groupings = groupings[:8]
    for min_cell in min_cells:
        for period in periods(assessments):
            members_all = counted(assessments, period)
            for status in ["submitted", "reviewed"]:
                for chosen in groupings:
                    arguments = ["stats", "--format", "json", "--min-cell", str(min_cell), "--status", status]
                    for g in chosen:
                        arguments += ["--by", g]
                    if period:
                        arguments += ["--period", period]
                    document = json.loads(run(dxready, arguments, env))
                    pool = members_all if status == "submitted" else []
                    for cell in document["cells"]:
                        if cell.get("suppressed"):
                            continue
                        groups = cell.get("groups") or {}
                        members = [a for a in pool if all(
                            groups.get(g) is None or group_value(a, g, period) == groups.get(g) for g in chosen)]
                        cells.append((members, cell, document.get("disclosure")))
    return cells


def exact_publications(assessments, min_cells, reference):
    """The figures without perturbation (exact means to two decimals, exact level shares,
    nearest-rank quartiles), cells below the minimum left out: what the attack must break."""
    cells = []
    groupings = [[]] + [[g] for g in GROUPINGS] + [list(p) for p in itertools.combinations(GROUPINGS, 2)]
    for min_cell in min_cells:
        for period in periods(assessments):
            pool = counted(assessments, period)
            for chosen in groupings:
                keys = {}
                for item in pool:
                    values = tuple(group_value(item, g, period) for g in chosen)
                    for mask in range(1 << len(chosen)):
                        key = tuple(v if mask & (1 << i) else None for i, v in enumerate(values))
                        keys.setdefault(key, []).append(item)
                for key, members in keys.items():
                    if len(members) < min_cell:
                        continue
                    cell = {"count": len(members), "level_counts": [
                        sum(1 for m in members if m["level"] == level) for level in range(len(reference.levels))]}
                    scored = [m["overall"] for m in members if m["overall"] is not None]
                    cell["overall"] = {"mean": round(sum(scored) / len(scored), 2)} if scored else None
                    cell["dimensions"] = {}
                    for d in reference.dimensions:
                        values = [m["dims"][d] for m in members if m["dims"].get(d) is not None]
                        cell["dimensions"][d] = {"mean": round(sum(values) / len(values), 2)} if values else None
                    ranked = sorted(scored)
                    if ranked:
                        q1 = ranked[max(0, -(-len(ranked) // 4) - 1)]
                        cell["overall"]["q1"] = q1
                    cells.append((members, cell, {"total_noise": 0, "count_noise": 0, "mean_decimals": 2}))
    return cells


def attack(cells, assessments, reference, without=None):
    """The linear programmes: every business's score interval and whether its level is forced."""
    targets = sorted({a["id"] for members, _, _ in cells for a in members})
    index = {t: i for i, t in enumerate(targets)}
    dims = reference.dimensions
    levels = len(reference.levels)
    bands = [(reference.levels[l], reference.levels[l + 1] if l + 1 < levels else 100.0) for l in range(levels)]
    per = 1 + len(dims) + levels  # overall, dimensions, level indicators
    n_vars = len(targets) * per

    def overall(i): return i * per
    def dim(i, j): return i * per + 1 + j
    def level(i, l): return i * per + 1 + len(dims) + l

    rows, lower, upper = [], [], []

    def constrain(coefficients, lo, hi):
        rows.append(coefficients)
        lower.append(lo)
        upper.append(hi)

    by_id = {a["id"]: a for a in assessments}
    for t in targets:
        i = index[t]
        a = by_id[t]
        scored = [j for j, d in enumerate(dims) if a["dims"].get(d) is not None]
        if a["overall"] is not None and len(scored) == len(dims):
            # The overall score is the weighted mean of the dimension scores (to rounding).
            coefficients = {overall(i): 1.0}
            total = sum(reference.weights)
            for j in scored:
                coefficients[dim(i, j)] = -reference.weights[j] / total
            constrain(coefficients, -0.06, 0.06)
        # Exactly one level, and the score inside that level's band.
        constrain({level(i, l): 1.0 for l in range(levels)}, 1.0, 1.0)
        constrain({overall(i): 1.0, **{level(i, l): -bands[l][0] for l in range(levels)}}, -0.06, 200)
        constrain({overall(i): 1.0, **{level(i, l): -bands[l][1] for l in range(levels)}}, -200, 0.06)

    seen = set()
    quartile_problems = []
    for members, cell, disclosure in cells:
        disclosure = disclosure or {}
        total_noise = float(disclosure.get("total_noise", 0))  # ± points on a total of 0–100 scores
        count_noise = float(disclosure.get("count_noise", 0))
        decimals = int(disclosure.get("mean_decimals", 2))
        ids = tuple(sorted(m["id"] for m in members))
        n = len(ids)
        for name, figure in ([] if without == "means" else [("overall", cell.get("overall"))] + list(
                (cell.get("dimensions") or {}).items())):
            if not figure or figure.get("mean") is None:
                continue
            holders = [m for m in members if (m["overall"] if name == "overall" else m["dims"].get(name)) is not None]
            k = len(holders)
            if k == 0:
                continue
            key = (name, tuple(sorted(m["id"] for m in holders)), figure["mean"])
            if key in seen:
                continue
            seen.add(key)
            slack = k * 0.5 * 10 ** -decimals + total_noise
            column = (lambda i: overall(i)) if name == "overall" else (lambda i, j=dims.index(name): dim(i, j))
            constrain({column(index[m["id"]]): 1.0 for m in holders}, k * figure["mean"] - slack,
                      k * figure["mean"] + slack)
            for quartile in ["q1", "median", "q3"]:
                if figure.get(quartile) is not None and k < 20:
                    quartile_problems.append(f"a {quartile} of {name} published for {k} businesses")
        counts = cell.get("level_counts")
        if counts is None and cell.get("level_shares") is not None and not count_noise:
            counts = [round(s * n) for s in cell["level_shares"]]
        if counts and without != "levels":
            key = ("levels", ids, tuple(counts))
            if key not in seen:
                seen.add(key)
                for l, c in enumerate(counts):
                    holders = [m for m in members if m["level"] is not None]
                    lo = max(0.0, c - count_noise - 0.5)
                    hi = min(len(holders), c + count_noise + 0.5)
                    if count_noise and c > 0:
                        lo = max(1.0, lo)  # a level count of 0 is never published as more
                    constrain({level(index[m["id"]], l): 1.0 for m in holders}, lo, hi)

    matrix = lil_matrix((len(rows), n_vars))
    for r, coefficients in enumerate(rows):
        for column, value in coefficients.items():
            matrix[r, column] = value
    matrix = matrix.tocsr()
    bounds = []
    for _ in targets:
        bounds += [(0, 100)] * (1 + len(dims)) + [(0, 1)] * levels
    lo = np.array(lower)
    hi = np.array(upper)
    a_ub = __import__("scipy.sparse", fromlist=["vstack"]).vstack([matrix, -matrix]).tocsr()
    b_ub = np.concatenate([hi, -lo])

    def solve(objective):
        result = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if result.status != 0:
            return None
        return result.fun

    findings = []
    widths = []
    for t in targets:
        i = index[t]
        a = by_id[t]
        if a["overall"] is None:
            continue
        c = np.zeros(n_vars)
        c[overall(i)] = 1.0
        low = solve(c)
        high = solve(-c)
        if low is None or high is None:
            findings.append(f"{t}: the published figures are infeasible for the attacker's model")
            continue
        width = -high - low
        widths.append(width)
        if width < 2 * MARGIN:
            findings.append(
                f"{t} (business {a['business']}): overall score pinned to [{low:.2f}, {-high:.2f}] (true {a['overall']})")
        if a["level"] is not None:
            c = np.zeros(n_vars)
            c[level(i, a["level"])] = 1.0
            forced = solve(c)
            if forced is not None and forced > 0.999:
                findings.append(f"{t} (business {a['business']}): level {a['level']} determined")
    return findings + sorted(set(quartile_problems)), widths, len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dxready", required=True)
    parser.add_argument("--synth", required=True)
    parser.add_argument("--questionnaires", required=True)
    parser.add_argument("--exact", action="store_true", help="attack unprotected figures (must find disclosures)")
    parser.add_argument("--quick", action="store_true", help="fewer groupings, for a first look")
    parser.add_argument("--seeds", default="2026,7", help="one random and one adversarial province per seed")
    parser.add_argument("--keep", help="keep the work folder here")
    parser.add_argument("--min-cells", default="10,12,20", help="the --min-cell values to publish with")
    parser.add_argument("--only", choices=["adversarial", "random"], help="one dataset only")
    parser.add_argument("--without", choices=["means", "levels"], help="leave one kind of figure out (to diagnose)")
    options = parser.parse_args()
    reference = Reference(options.questionnaires)
    work = options.keep or tempfile.mkdtemp(prefix="dxready-attack-")
    os.makedirs(work, exist_ok=True)
    found_any = False
    datasets = []
    for seed in [int(s) for s in options.seeds.split(",")]:
        rng = random.Random(seed)
        datasets += [(f"adversarial-{seed}", adversarial(rng), rng), (f"random-{seed}", random_province(rng), rng)]
    for name, businesses, rng in datasets:
        folder = os.path.join(work, name)
        os.makedirs(folder, exist_ok=True)
        env = dict(os.environ, DXREADY_DATABASE=os.path.join(folder, "db.sqlite"),
                   DXREADY_QUESTIONNAIRES=options.questionnaires)
        files, assessments = write_dataset(businesses, options.synth, options.questionnaires, folder, rng)
        run(options.dxready, ["import", files, "--quiet"], env)
        # The database's secret for the noise, fixed from the seed so that a run can be repeated
        # (the attacker never sees it; each real database draws its own at random).
        if not options.exact:
            import sqlite3
            connection = sqlite3.connect(env["DXREADY_DATABASE"])
            connection.execute("UPDATE statistics_key SET key = ? WHERE id = 1", (rng.randbytes(16),))
            connection.commit()
            connection.close()
        ground_truth(options.dxready, env, assessments, reference)
        if options.only and not name.startswith(options.only):
            continue
        min_cells = [int(k) for k in options.min_cells.split(",")]
        if options.exact:
            cells = exact_publications(assessments, min_cells, reference)
        else:
            cells = publications(options.dxready, env, assessments, min_cells, options.quick)
        findings, widths, constraints = attack(cells, assessments, reference, options.without)
        found_any = found_any or bool(findings)
        narrowest = min(widths) if widths else float("nan")
        print(f"{name}: {len(assessments)} assessments, {len(cells)} published cells, {constraints} constraints; "
              f"narrowest score interval {narrowest:.2f} points; {len(findings)} disclosure(s)")
        for finding in findings[:15]:
            print(f"  {finding}")
        if len(findings) > 15:
            print(f"  … and {len(findings) - 15} more")
    if options.exact:
        print("exact figures: " + ("disclosures found, as they must be" if found_any else "NO disclosure found"))
        print("1 passed, 0 failed" if found_any else "0 passed, 1 failed")
        return 0 if found_any else 1
    print("published figures: " + ("DISCLOSURES FOUND" if found_any else "no disclosure found"))
    print("0 passed, 1 failed" if found_any else "1 passed, 0 failed")
    return 1 if found_any else 0


if __name__ == "__main__":
    sys.exit(main())
