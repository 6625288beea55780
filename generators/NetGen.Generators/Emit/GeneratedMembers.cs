using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emit;

/// <summary>
/// The members a generated class declares, read back from its source (the one place that says what is generated), and
/// the user's members that would collide with them: same name, and for methods and constructors the same parameter
/// types. The compiler would report those as CS0111/CS0102 inside the generated file (NG0017 says it at the user's member).
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>The user's members that the generated <paramref name="source"/> declares again. Parses only when there are any.</summary>
    public static List<UserMember> Clashes(string source, EquatableArray<UserMember> userMembers)
    {
        var clashes = new List<UserMember>();
        if (userMembers.Count == 0)
            return clashes;
        var generated = Declared(source);
        foreach (var member in userMembers.Items)
            if (generated.Any(g => g.Name == member.Name && (g.Parameters is null || member.Parameters is null || g.Parameters == member.Parameters)))
                clashes.Add(member);
        return clashes;
    }

    private static List<UserMember> Declared(string source)
    {
        var members = new List<UserMember>();
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var type = root.DescendantNodes().OfType<ClassDeclarationSyntax>().FirstOrDefault();
        if (type is null)
            return members;
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case ConstructorDeclarationSyntax constructor when !constructor.Modifiers.Any(modifier => modifier.IsKind(SyntaxKind.StaticKeyword)):
                    members.Add(new UserMember(".ctor", Parameters(constructor.ParameterList), null));
                    break;
                case MethodDeclarationSyntax method when method.ExplicitInterfaceSpecifier is null:
                    members.Add(new UserMember(method.Identifier.ValueText, Parameters(method.ParameterList), null));
                    break;
                case PropertyDeclarationSyntax property when property.ExplicitInterfaceSpecifier is null:
                    members.Add(new UserMember(property.Identifier.ValueText, null, null));
                    break;
                case BaseFieldDeclarationSyntax field:
                    members.AddRange(field.Declaration.Variables.Select(v => new UserMember(v.Identifier.ValueText, null, null)));
                    break;
                case BaseTypeDeclarationSyntax nested:
                    members.Add(new UserMember(nested.Identifier.ValueText, null, null));
                    break;
            }
        }
        return members;
    }

    private static string Parameters(ParameterListSyntax list) =>
        string.Join(", ", list.Parameters.Select(p => string.Concat(p.Modifiers.Select(m => m.ValueText + " ")) + UserMember.TypeName(p.Type?.ToString() ?? "")));
}
