using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Builds the <see cref="ModuleModel"/> of a partial class that derives from <c>AutoDiffGen.Module</c>.</summary>
internal static class ModuleParser
{
    /// <summary>The cheap syntactic filter: a partial class with a base list (the base may be on this part).</summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is ClassDeclarationSyntax { BaseList: not null } declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    public static ModuleModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type || !Symbols.IsModule(type))
        {
            return null;
        }

        // A class in several partial parts is parsed from one of them: the first that names a base type.
        var first = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(d => d.BaseList is not null);
        if (first != context.Node)
        {
            return null;
        }

        var types = new List<ContainingType>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            var declaration = t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                // The compiler reports the missing abstract member; nothing can be added to a non-partial type.
                return null;
            }

            var keyword = declaration is RecordDeclarationSyntax ? "record" : declaration is StructDeclarationSyntax ? "struct" : "class";
            var name = Symbols.DeclaredName(t);
            types.Insert(0, new ContainingType(keyword, name));
        }

        // Members of the whole hierarchy below Module, base classes first, as PyTorch registers them in __init__ order.
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && Symbols.IsModule(t); t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        var members = new List<ModuleMember>();
        var bases = new List<BaseModule>();
        foreach (var t in chain)
        {
            foreach (var member in t.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Member(member) is { } model && members.All(m => m.Name != model.Name))
                {
                    members.Add(model);
                }
            }

            // A base model's gradient has the members gathered so far: the derived gradient can lift it.
            if (!SymbolEqualityComparer.Default.Equals(t, type) && HasGradient(t, cancellationToken))
            {
                var names = members.Where(m => m.Kind != ModuleMemberKind.Buffer).Select(m => m.Name);
                bases.Insert(0, new BaseModule(Symbols.Global(t), new EquatableArray<string>(names)));
            }
        }

        var typeName = string.Join(".", types.Select(c => c.Name.Split('<')[0].TrimStart('@')));
        return new ModuleModel(
            type.ContainingNamespace.IsGlobalNamespace ? null : Symbols.Namespace(type.ContainingNamespace),
            new EquatableArray<ContainingType>(types),
            Symbols.Global(type),
            new EquatableArray<ModuleMember>(members),
            type.BaseType is { } baseType && Symbols.IsModule(baseType),
            typeName + ".Module.g.cs",
            Bases: new EquatableArray<BaseModule>(bases));
    }

    /// <summary>
    /// Whether a base model has a generated <c>Gradient</c>: one in source gets it when it and its containing types
    /// are partial (as <see cref="Parse"/> requires); one from a referenced assembly has it compiled in.
    /// </summary>
    private static bool HasGradient(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!type.Locations.Any(l => l.IsInSource))
        {
            return type.GetTypeMembers("Gradient").Any(g => g.TypeKind == TypeKind.Class);
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (!t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What the generated VisitMembers registers a member as (a [Parameter] or [Buffer] tensor, or a child module), or
    /// null for any other member; ADG0011 asks the same question of a model that is not partial.
    /// </summary>
    internal static ModuleMember? Member(ISymbol member)
    {
        if (member.IsStatic || member.IsImplicitlyDeclared)
        {
            return null;
        }

        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
            _ => null,
        };
        var kind = Symbols.KindOf(type);
        if (kind == ValueKind.Tensor && Symbols.HasAttribute(member, Symbols.ParameterAttribute))
        {
            return new ModuleMember(member.Name, SnakeCase(member.Name), ModuleMemberKind.Parameter, Symbols.Global(type!));
        }

        if (kind == ValueKind.Tensor && Symbols.HasAttribute(member, Symbols.BufferAttribute))
        {
            return new ModuleMember(member.Name, SnakeCase(member.Name), ModuleMemberKind.Buffer, Symbols.Global(type!));
        }

        return kind == ValueKind.Module
            ? new ModuleMember(member.Name, SnakeCase(member.Name), ModuleMemberKind.Child, Symbols.Global(type!))
            : null;
    }

    /// <summary>PyTorch's attribute style: <c>Fc1</c> → <c>fc1</c>, <c>RunningMean</c> → <c>running_mean</c>, <c>_weight</c> → <c>weight</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var trimmed = name.TrimStart('_');
        var text = new StringBuilder(trimmed.Length + 4);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsUpper(c))
            {
                // A new word starts at an upper-case letter after a lower-case one, or before a lower-case
                // letter that ends an acronym (HTTPLayer → http_layer).
                var previous = i > 0 ? trimmed[i - 1] : '\0';
                var next = i + 1 < trimmed.Length ? trimmed[i + 1] : '\0';
                if (i > 0 && previous != '_' && (char.IsLower(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
