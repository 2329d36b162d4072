"""Peer side of bench/pareto-bench.mjs: DEAP's hypervolume (pure-Python Fonseca et al. dimension
sweep, and its C extension) and DEAP's non-dominated sort (Fortin et al. 2013), timed on the
instances the driver wrote, one command per stdin line, one JSON answer per stdout line.

Run with Debian's interpreter and python3-deap: /usr/bin/python3 bench/pareto_peer.py INSTANCES.json
Commands: {"case": i, "impl": "pyhv" | "hv-c" | "nds-log", "reps": r}  ->  {"ms": per call, "value": ...}
DEAP minimises hypervolume, so the driver writes points and reference negated (an exact map).
"""
import json
import sys
import time
import warnings

from deap.tools._hypervolume import hv, pyhv
from deap.tools.emo import sortLogNondominated

warnings.simplefilter("ignore")  # pyhv warns that it is the slow fallback on every call


class _Fitness:
    __slots__ = ("wvalues",)

    def __init__(self, values):
        self.wvalues = values


class _Individual:
    __slots__ = ("fitness", "index")

    def __init__(self, values, index):
        self.fitness = _Fitness(values)
        self.index = index


def run(instance, impl):
    if impl == "pyhv":
        return pyhv.hypervolume(instance["points"], instance["reference"])
    if impl == "hv-c":
        return hv.hypervolume(instance["points"], instance["reference"])
    if impl == "nds-log":
        fronts = sortLogNondominated(instance["individuals"], len(instance["individuals"]))
        # The number of fronts and the size of the first: checked against pama-core by the driver.
        return [len(fronts), len(fronts[0])]
    raise ValueError(f"unknown impl {impl}")


def main():
    with open(sys.argv[1]) as f:
        instances = json.load(f)
    for instance in instances:
        if instance["kind"] == "nds":
            # Maximised: wvalues are the points as given (DEAP's weights +1).
            instance["individuals"] = [_Individual(tuple(p), i) for i, p in enumerate(instance["points"])]
    print(json.dumps({"ready": len(instances)}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        instance = instances[command["case"]]
        value = None
        start = time.perf_counter()
        for _ in range(command["reps"]):
            value = run(instance, command["impl"])
        ms = (time.perf_counter() - start) * 1e3 / command["reps"]
        print(json.dumps({"ms": ms, "value": value}), flush=True)


if __name__ == "__main__":
    main()
