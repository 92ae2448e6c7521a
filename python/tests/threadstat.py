"""This process's threads by name, from /proc: for tests that check which threads did work."""
import os


def threads(name):
    """{tid: context switches} of this process's threads called `name`: a parked thread has none."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                if f.read().strip() != name:
                    continue
            with open(f"/proc/self/task/{tid}/status") as f:
                out[tid] = sum(int(l.split()[1]) for l in f if "voluntary_ctxt_switches" in l)
        except FileNotFoundError:  # a thread that just ended
            continue
    return out
