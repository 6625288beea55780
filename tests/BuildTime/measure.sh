#!/usr/bin/env bash
# Measures what NetGen's generator and analyzers add to a build: a project with 200 declared
# networks (a mix of the catalogue), built with -p:ReportAnalyzer=true, which makes the compiler
# report each analyzer's and generator's execution time. Usage: tests/BuildTime/measure.sh [networks]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-200}"
work="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "work: $work" || trap 'rm -rf "$work"' EXIT

# The generator and analyzers are built once and referenced as DLLs, as a package consumer gets them.
dotnet build -c Release "$root/generators/NetGen.Generators/NetGen.Generators.csproj" > /dev/null
dotnet build -c Release "$root/analyzers/NetGen.Analyzers/NetGen.Analyzers.csproj" > /dev/null
components="$root/generators/NetGen.Generators/bin/Release/netstandard2.0/NetGen.Generators.dll;$root/analyzers/NetGen.Analyzers/bin/Release/netstandard2.0/NetGen.Analyzers.dll"

cat > "$work/Many.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/src/NetGen/NetGen.csproj" />
    <Analyzer Include="$components" />
  </ItemGroup>
</Project>
XML

shapes=(
  '[Network(Loss = Loss.BinaryCrossEntropy, Optimizer = Optimizer.Sgd, LearningRate = 0.5f)] [Input(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)]'
  '[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.001f, BatchSize = 32)] [Input(64), Dense(32, Activation.Relu), Dense(10)]'
  '[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.RmsProp, LearningRate = 0.001f)] [Input(8), Dense(16, Activation.Gelu), Dense(8, Activation.Mish), Dense(1)]'
  '[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.AdamW, LearningRate = 0.001f), GradientClipping(MaxNorm = 1f)] [Input(16), Dense(16, Activation.Relu), Dense(16, Activation.LeakyRelu), Dense(8, Activation.Elu), Dense(4, Activation.Softmax)]'
  '[Network(Loss = Loss.Huber, Optimizer = Optimizer.Sgd, LearningRate = 0.01f, Momentum = 0.9f)] [Input(4), Dense(8, Activation.Maxout, Pieces = 3), Dense(1)]'
  '[Network(Loss = Loss.MeanSquaredError)] [Input(4), Dense(8, Activation.Sigmoid), Dense(8), Dense(1, Activation.Sigmoid)]'
  '[Network(Loss = Loss.CrossEntropy, Optimizer = Optimizer.Adam, LearningRate = 0.05f)] [Input(8), Dense(8, Activation.Relu, Init = Init.XavierUniform), Dense(3, Activation.Sigmoid)]'
  '[Network(Optimizer = Optimizer.AdaGrad, Epsilon = 1e-12f)] [Input(8), Dense(16, Activation.Selu, Init = Init.Normal), Dense(32, Activation.Relu, Init = Init.Zero), Dense(1)]'
  '[Network(Loss = Loss.BinaryCrossEntropyWithLogits, Optimizer = Optimizer.Adam, LearningRate = 0.001f)] [Input(8), Dense(8, Activation.Swish, LearnableBeta = true), Dense(8, Activation.PRelu, PerUnit = true), Dense(2)]'
  '[Network(Loss = Loss.MeanSquaredError, Optimizer = Optimizer.Newton, LearningRate = 1f, BatchSize = 4)] [Input(3), Dense(4, Activation.Tanh), Dense(1)]'
)
{
  echo "using NetGen;"
  echo "namespace Many;"
  for ((i = 0; i < count; i++)); do
    echo "${shapes[$((i % ${#shapes[@]}))]}"
    echo "public partial class Net$i { }"
  done
} > "$work/Networks.cs"

cd "$work"
dotnet build -c Release -p:ReportAnalyzer=true -v:detailed > build.log 2>&1 || { tail -40 build.log; exit 1; }
echo "networks: $count; NG1xxx diagnostics reported: $(grep -cE "(warning|info) NG1" build.log || true)"
echo "compiler's report (-p:ReportAnalyzer=true), seconds:"
grep -E "^ *[0-9.<]+ +[0-9<]+ +NetGen\.(Analyzers|Generators)(, Version=|\.[A-Za-z]+)" build.log | sed -E 's/, Version=[^ ]*//; s/^ +/  /' | sort -u -k3
grep -E "^ *[0-9.]+ +[0-9<]+ +NetGen\.(Analyzers|Generators), Version=" build.log \
  | awk '{ total += $1 } END { printf "NetGen analyzers + generator: %.3f s\n", total }'

# Wall clock of the same rebuild with and without NetGen's generator and analyzers, alternating.
# (with: generator and analyzers run and the generated code is compiled; without: empty partial classes).
sed -e '/<Analyzer /d' Many.csproj > Plain.csproj
mkdir -p plain && mv Plain.csproj plain/ && cp Networks.cs plain/
dotnet build -c Release plain/Plain.csproj > /dev/null 2>&1
seconds() { local start end; start=$(date +%s.%N); dotnet build -c Release --no-restore --no-incremental "$1" > /dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
for round in 1 2 3; do
  echo "round $round: with NetGen $(seconds Many.csproj) s, without $(seconds plain/Plain.csproj) s (rebuild of the project and NetGen.dll)"
done
