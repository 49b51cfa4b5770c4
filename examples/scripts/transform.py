"""Filter the sales CSV to one region and write it as CSV or JSON (used by data-pipeline)."""
import argparse
import csv
import json
import os
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("source")
parser.add_argument("--region", required=True)
parser.add_argument("--format", choices=["csv", "json"], required=True)
parser.add_argument("--min-amount", type=float, default=0)
parser.add_argument("--out", default="out")
args = parser.parse_args()

with open(args.source, newline="") as f:
    rows = [r for r in csv.DictReader(f) if r["region"] == args.region and float(r["amount"]) >= args.min_amount]

out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
target = out / f"{args.region}.{args.format}"
if args.format == "json":
    target.write_text(json.dumps(rows, indent=2 if os.environ.get("PRETTY") else None))
else:
    with open(target, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["date", "region", "product", "amount"])
        writer.writeheader()
        writer.writerows(rows)

print(f"{args.region}: {len(rows)} rows -> {target}")
with open(os.environ.get("ANSFLOW_OUTPUT", os.devnull), "a") as f:
    f.write(f"rows={len(rows)}\n")
