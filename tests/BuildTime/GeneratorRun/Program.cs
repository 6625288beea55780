using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// NetGen's generator on one file of declarations, in a fresh process, as csc runs it: the first run pays what a cold
// compiler process pays (JIT, Roslyn's first binding), the later ones show the work itself.
//   dotnet run -c Release --project tests/BuildTime/GeneratorRun -- <declarations.cs> <NetGen.Generators.dll> <NetGen.dll> [runs] [warm]
// warm, done before each run and timed apart: "none" (default); "references", the compilation's referenced assemblies
// loaded (GetTypeByMetadataName); "attributes", that and every class's attributes bound and named, as the generator's
// parse does: what the first component to ask pays, whichever it is.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: GeneratorRun <declarations.cs> <NetGen.Generators.dll> <NetGen.dll> [runs] [none|references|attributes]");
    return 2;
}
string source = File.ReadAllText(args[0]);
var generator = (IIncrementalGenerator)Activator.CreateInstance(
    Assembly.LoadFrom(Path.GetFullPath(args[1])).GetType("NetGen.Generators.NetworkGenerator", throwOnError: true)!)!;
var references = Directory.GetFiles(FrameworkReferences(), "*.dll").Where(IsManaged).Append(Path.GetFullPath(args[2]))
    .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
int runs = args.Length > 3 ? int.Parse(args[3]) : 3;
string warm = args.Length > 4 ? args[4] : "none";
var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

for (int run = 0; run < runs; run++)
{
    var tree = CSharpSyntaxTree.ParseText(source, parseOptions, args[0]);
    var compilation = CSharpCompilation.Create("Declarations", [tree], references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    var warmTime = Stopwatch.StartNew();
    if (warm is "references" or "attributes")
        compilation.GetTypeByMetadataName("NetGen.NetworkAttribute");
    if (warm == "attributes")
    {
        var model = compilation.GetSemanticModel(tree);
        foreach (var type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            foreach (var attribute in model.GetDeclaredSymbol(type)!.GetAttributes())
                _ = attribute.AttributeClass?.ToDisplayString();
    }
    warmTime.Stop();

    GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parseOptions);
    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
    long jitMethods = JitInfo.GetCompiledMethodCount(), jitIl = JitInfo.GetCompiledILBytes();
    var jitTime = JitInfo.GetCompilationTime();
    var time = Stopwatch.StartNew();
    driver = driver.RunGenerators(compilation);
    time.Stop();
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    var result = driver.GetRunResult();
    var reported = driver.GetTimingInfo().GeneratorTimes[0].ElapsedTime;
    long characters = result.GeneratedTrees.Sum(t => (long)t.GetText().Length);
    Console.WriteLine($"run {run}: {time.Elapsed.TotalMilliseconds:F0} ms (generator's reported time {reported.TotalMilliseconds:F0} ms"
        + (warm == "none" ? "" : $"; warm-up '{warm}' before it {warmTime.Elapsed.TotalMilliseconds:F0} ms") + $"), "
        + $"allocated {allocated / 1e6:F1} MB, collections gen0 {GC.CollectionCount(0) - gen0} gen2 {GC.CollectionCount(2) - gen2}, "
        + $"JIT {JitInfo.GetCompiledMethodCount() - jitMethods} methods ({(JitInfo.GetCompiledILBytes() - jitIl) / 1e3:F0} KB IL, "
        + $"{(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:F0} ms), "
        + $"{result.GeneratedTrees.Length} files of {characters / 1e6:F1} M characters, {result.Diagnostics.Length} diagnostics");
}
return 0;

// The reference pack a net10.0 build compiles against (as csc's arguments name it), else the running framework's own assemblies.
static string FrameworkReferences()
{
    string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // <dotnet>/shared/Microsoft.NETCore.App/<version>
    string pack = Path.Combine(framework, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref", Path.GetFileName(framework), "ref", "net10.0");
    return Directory.Exists(pack) ? pack : framework;
}

static bool IsManaged(string path)
{
    try { AssemblyName.GetAssemblyName(path); return true; }
    catch (BadImageFormatException) { return false; }
}
