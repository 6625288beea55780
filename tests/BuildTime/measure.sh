#!/usr/bin/env bash
# What NetGen costs a build (docs/buildtime.md): 200 networks of realistic size drawn from a fixed
# seed (inputs 4-63, two hidden layers of 8-127 units, outputs 2-10, CrossEntropy or MSE, Adam,
# batch sizes 1-32), built in one project. Reports
#   - NetGen's generator + analyzers time (-p:ReportAnalyzer=true), in a cold csc and with the compiler server,
#   - generated source per network, median and max (-p:EmitCompilerGeneratedFiles=true),
#   - wall time of the full build and csc's peak resident memory (UseSharedCompilation=false, so
#     csc is a child process of the build; its VmHWM is sampled, and /usr/bin/time -v gives the peak
#     of every process of the build),
#   - the generator alone in a fresh process (GeneratorRun), without and with Roslyn's first binding done before it,
#   - generated source per network of 40 small networks (SMALL_NETWORKS; xor- and iris-sized),
#   - wall time of rebuilding a 20-network project after a one-line edit of one declaration
#     (shared compilation, as in an editor's build loop; three edits, each reported, then the median).
# Usage: tests/BuildTime/measure.sh [work-dir]   (KEEP=1 keeps the work directory; the environment
# variables NETWORKS, INCREMENTAL_NETWORKS and SEED change the draw.)
# The generator, analyzers and runtime are built once from the tree this script is in and referenced
# as DLLs, as a package consumer gets them. Builds of other projects on the machine skew the times:
# compare runs taken back to back.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
networks="${NETWORKS:-200}"
incremental="${INCREMENTAL_NETWORKS:-20}"
seed="${SEED:-20261130}"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${KEEP:-}${1:-}" ] && echo "work: $work" || trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "tree: $root ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- generators || echo ', generator modified'))"
dotnet build -c Release "$root/generators/NetGen.Generators/NetGen.Generators.csproj" > /dev/null
dotnet build -c Release "$root/analyzers/NetGen.Analyzers/NetGen.Analyzers.csproj" > /dev/null
dotnet build -c Release "$root/src/NetGen/NetGen.csproj" > /dev/null
components="$root/generators/NetGen.Generators/bin/Release/netstandard2.0/NetGen.Generators.dll;$root/analyzers/NetGen.Analyzers/bin/Release/netstandard2.0/NetGen.Analyzers.dll"
runtime="$(ls "$root"/src/NetGen/bin/Release/net*/NetGen.dll | head -1)"

# $1: directory, $2: number of networks (the first $2 of the same draw), $3: "small" for xor- and iris-sized
# networks (inputs 2-8, two hidden layers of 4-16 units, outputs 1-3, Adam or SGD), whose one-row methods run in
# registers and whose small layers keep printed kernels: the sizes the 200-network draw does not reach.
project() {
  mkdir -p "$1"
  cat > "$1/Many.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$runtime" />
    <Analyzer Include="$components" />
  </ItemGroup>
</Project>
XML
  # One declaration per line (attributes, then the class), so a one-line edit changes one network.
  python3 - "$seed" "$2" "${3:-}" > "$1/Networks.cs" <<'PY'
import random, sys
rng = random.Random(int(sys.argv[1]))
small = sys.argv[3] == "small"
hidden = ["Relu", "Tanh", "Sigmoid", "LeakyRelu", "Elu", "Gelu", "Swish", "Selu", "Softplus", "Mish"]
print("using NetGen;")
print("namespace Many;")
for n in range(int(sys.argv[2])):
    if small:
        inputs, h1, h2, outputs = rng.randint(2, 8), rng.randint(4, 16), rng.randint(4, 16), rng.randint(1, 3)
    else:
        inputs, h1, h2, outputs = rng.randint(4, 63), rng.randint(8, 127), rng.randint(8, 127), rng.randint(2, 10)
    a1, a2 = rng.choice(hidden), rng.choice(hidden)
    batch = rng.randint(1, 32)
    optimizer = rng.choice(["Adam", "Sgd"]) if small else "Adam"
    if outputs == 1:
        loss, output = "Loss.BinaryCrossEntropy", "Dense(1, Activation.Sigmoid)"
    elif rng.random() < 0.5:
        loss, output = "Loss.CrossEntropy", rng.choice([f"Dense({outputs})", f"Dense({outputs}, Activation.Softmax)"])
    else:
        loss, output = "Loss.MeanSquaredError", rng.choice([f"Dense({outputs})", f"Dense({outputs}, Activation.Sigmoid)"])
    print(f"[Network(Loss = {loss}, Optimizer = Optimizer.{optimizer}, LearningRate = 0.001f, BatchSize = {batch})] "
          f"[Input({inputs}), Dense({h1}, Activation.{a1}), Dense({h2}, Activation.{a2}), {output}] public partial class Net{n} {{ }}")
PY
  dotnet restore "$1/Many.csproj" > /dev/null
}

# csc's peak resident memory: the largest VmHWM of any csc process, sampled until the build ends.
sample_csc() {
  local peak=0 kb pid
  while [ ! -e "$work/build.done" ]; do
    for pid in $(pgrep -f 'bincore/csc( |$)|csc\.dll' || true); do
      kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${kb:-0}" -gt "$peak" ] && peak=$kb
    done
    sleep 0.2
  done
  echo "$peak" > "$work/csc.peak"
}

full="$work/full"
project "$full" "$networks"
rm -f "$work/build.done"; sample_csc & sampler=$!
/usr/bin/time -v -o "$work/time.txt" dotnet build -c Release --no-restore --no-incremental -nodeReuse:false -m:1 \
  -p:UseSharedCompilation=false -p:ReportAnalyzer=true -v:detailed "$full/Many.csproj" > "$work/build.log" 2>&1 \
  || { touch "$work/build.done"; tail -40 "$work/build.log"; exit 1; }
touch "$work/build.done"; wait "$sampler"

echo "networks: $networks (seed $seed); NG1xxx diagnostics reported: $(grep -cE "(warning|info) NG1" "$work/build.log" || true)"
echo "compiler's report (-p:ReportAnalyzer=true), seconds:"
grep -E "^ *[0-9.<]+ +[0-9<]+ +NetGen\.(Analyzers|Generators)(, Version=|\.[A-Za-z]+)" "$work/build.log" | sed -E 's/, Version=[^ ]*//; s/^ +/  /' | sort -u -k3
netgen_seconds() {  # $1: a build log with ReportAnalyzer's report; prints NetGen's generator + analyzers in seconds
  grep -E "^ *[0-9.]+ +[0-9<]+ +NetGen\.(Analyzers|Generators), Version=" "$1" | awk '{ total += $1 } END { printf "%.3f", total }'
}
echo "NetGen generator + analyzers: $(netgen_seconds "$work/build.log") s"
find "$full/obj" -path '*generated*' -name '*.g.cs' -printf '%s\n' | sort -n \
  | awk '{ size[NR] = $1; total += $1 } END { printf "generated source per network: median %d bytes, max %d bytes (%d files, %.1f MB in all)\n", (NR % 2 ? size[(NR + 1) / 2] : (size[NR / 2] + size[NR / 2 + 1]) / 2), size[NR], NR, total / 1e6 }'
elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time.txt")
echo "full build ($networks networks, no shared compilation): wall $elapsed (h:mm:ss or m:ss), csc peak RSS $(( $(cat "$work/csc.peak") / 1024 )) MB, build's largest process $(( $(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt") / 1024 )) MB"

# The same project with the compiler server, as dotnet build runs by default and an editor's build loop keeps it: one
# build in a fresh server (cold, as the first build of a day), then three full rebuilds in the warm server.
dotnet build-server shutdown > /dev/null 2>&1 || true
server=()
for run in cold warm warm warm; do
  dotnet build -c Release --no-restore --no-incremental -m:1 -p:UseSharedCompilation=true -p:ReportAnalyzer=true -v:detailed \
    "$full/Many.csproj" > "$work/server.log" 2>&1 || { tail -40 "$work/server.log"; exit 1; }
  server+=("$run $(netgen_seconds "$work/server.log")")
done
warm=$(printf '%s\n' "${server[@]}" | awk '$1 == "warm" { print $2 }' | sort -n | paste -sd' ')
echo "NetGen generator + analyzers with the compiler server: ${server[0]#cold } s in a fresh server; $(echo "$warm" | cut -d' ' -f2) s median of three rebuilds in the warm server ($warm sorted)"

# The generator in a process of its own (tests/BuildTime/GeneratorRun): its first run as in a cold csc, then the same
# with the compilation's references and the classes' attributes bound before it (what whichever component asks first
# pays), alternated twice.
dotnet build -c Release "$root/tests/BuildTime/GeneratorRun/GeneratorRun.csproj" > /dev/null
for round in 1 2; do
  for warm in none attributes; do
    dotnet "$root/tests/BuildTime/GeneratorRun/bin/Release/net10.0/GeneratorRun.dll" "$full/Networks.cs" \
      "${components%%;*}" "$runtime" 1 "$warm" | sed "s/^run 0/generator alone, first run, warm-up $warm/"
  done
done

# Small networks: the generated source per network only (one build, not timed).
tiny="$work/tiny"
project "$tiny" "${SMALL_NETWORKS:-40}" small
dotnet build -c Release --no-restore "$tiny/Many.csproj" > "$work/tiny.log" 2>&1 || { tail -40 "$work/tiny.log"; exit 1; }
find "$tiny/obj" -path '*generated*' -name '*.g.cs' -printf '%s\n' | sort -n \
  | awk '{ size[NR] = $1; total += $1 } END { printf "small networks (xor- and iris-sized), generated source per network: median %d bytes, max %d bytes (%d files, %.1f MB in all)\n", (NR % 2 ? size[(NR + 1) / 2] : (size[NR / 2] + size[NR / 2 + 1]) / 2), size[NR], NR, total / 1e6 }'

# Incremental: the first $incremental networks; built twice (warms the compiler server), then one
# declaration's first hidden layer gains a unit (then loses it, then gains it), each followed by a build.
# Shared compilation is asked for by name: an environment that sets UseSharedCompilation=false (this
# machine's does) would otherwise start a cold csc for every build, which no editor's build loop does.
small="$work/small"
project "$small" "$incremental"
shared=(-p:UseSharedCompilation=true)
for warm in 1 2; do
  echo "// warm-up $warm" >> "$small/Networks.cs"
  dotnet build -c Release --no-restore "${shared[@]}" "$small/Many.csproj" > "$work/small.log" 2>&1 || { tail -40 "$work/small.log"; exit 1; }
done
line=$(grep -n 'class Net3 ' "$small/Networks.cs" | cut -d: -f1)
times=()
for edit in 1 -1 1; do
  units=$(sed -n "${line}p" "$small/Networks.cs" | sed -E 's/.*Input\([0-9]+\), Dense\(([0-9]+),.*/\1/')
  sed -i -E "${line}s/(Input\([0-9]+\), Dense\()[0-9]+,/\1$((units + edit)),/" "$small/Networks.cs"
  start=$(date +%s.%N)
  dotnet build -c Release --no-restore "${shared[@]}" "$small/Many.csproj" > "$work/small.log" 2>&1 || { tail -40 "$work/small.log"; exit 1; }
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$incremental" '{ t[NR] = $1 } END { printf "incremental rebuild of %d networks after a one-line edit: %.2f s median (%.2f, %.2f, %.2f sorted)\n", n, t[2], t[1], t[2], t[3] }'
# The compiler server and build nodes this script started: not left running on a shared machine.
dotnet build-server shutdown > /dev/null 2>&1 || true
