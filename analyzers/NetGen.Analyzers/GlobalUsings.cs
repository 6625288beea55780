// What every rule uses: the Roslyn analyzer API and the generator's own model and catalogue.
global using System.Collections.Immutable;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.Diagnostics;
global using NetGen.Generators.Diagnostics;
global using NetGen.Generators.Model;
