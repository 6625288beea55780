using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
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
    /// <summary>
    /// The user's members that the generated <paramref name="source"/> declares again, and whether it declares a member named
    /// like the class (CS0542). Parses only when the user wrote members or the class's name may be a member's.
    /// </summary>
    public static List<UserMember> Clashes(string source, EquatableArray<UserMember> userMembers, string className, out bool classNameTaken)
    {
        var clashes = new List<UserMember>();
        classNameTaken = false;
        bool mayTakeClassName = MayNameAMemberLike(source, className);
        if (userMembers.Count == 0 && !mayTakeClassName)
            return clashes;
        var generated = Declared(source);
        classNameTaken = mayTakeClassName && generated.Any(g => g.Name == className);
        foreach (var member in userMembers.Items)
            if (generated.Any(g => g.Name == member.Name && (g.Parameters is null || member.Parameters is null || g.Parameters == member.Parameters)))
                clashes.Add(member);
        return clashes;
    }

    /// <summary>
    /// Whether the class's name appears in <paramref name="source"/> other than where the generated code writes the class
    /// itself (its declaration, constructors, <c>new</c>, <c>nameof</c>, a static method's return type): a scan, so a
    /// network's source is not parsed again when nothing can clash (a few milliseconds a network).
    /// </summary>
    internal static bool MayNameAMemberLike(string source, string className)
    {
        foreach (Match match in Regex.Matches(source, $@"(?<![\w.@]){Regex.Escape(className)}(?!\w)"))
        {
            int at = match.Index, after = at + match.Length;
            bool asTheClass = Before(source, at, "partial class ") || Before(source, at, "new ") || Before(source, at, "nameof(")
                || Before(source, at, "static ") || (Before(source, at, "public ") && after < source.Length && source[after] == '(');
            if (!asTheClass)
                return true;
        }
        return false;

        static bool Before(string text, int end, string value) =>
            end >= value.Length && string.CompareOrdinal(text, end - value.Length, value, 0, value.Length) == 0;
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
