using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Rules;

/// <summary>
/// Reads every [DerivativeOf] rule visible to a compilation: those in referenced assemblies that use AutoDiffGen
/// (the runtime's own rules among them) and those declared in source. The result is plain data, so it compares
/// equal across edits that do not touch a rule and keeps the emit step cached.
/// </summary>
internal static class RuleCollector
{
    // Rules of a referenced assembly never change while its symbol lives (the IDE and the build reuse the symbols of
    // unchanged references); rules declared in a file change only with the file or with declarations it binds to.
    private static readonly ConditionalWeakTable<IAssemblySymbol, List<DerivativeRule>> _assemblies = new();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeRules> _trees = new();

    public static EquatableArray<DerivativeRule> Collect(Compilation compilation, CancellationToken cancellationToken)
    {
        var rules = new List<DerivativeRule>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (assembly.Name == "AutoDiffGen" || assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "AutoDiffGen")))
            {
                rules.AddRange(_assemblies.GetValue(assembly, static a =>
                {
                    var found = new List<DerivativeRule>();
                    Walk(a.GlobalNamespace, found, CancellationToken.None);
                    return found;
                }));
            }
        }

        // Source rules: only files that mention DerivativeOf are bound, and each is re-read only when it or a
        // declaration it depends on changes.
        var fingerprint = DeclarationFingerprint.Of(compilation);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = _trees.GetValue(tree, static t => new TreeRules(t.GetText().ToString().Contains("DerivativeOf")));
            if (!entry.Mentions)
            {
                continue;
            }

            lock (entry)
            {
                if (entry.Fingerprint != fingerprint || entry.Rules is null)
                {
                    var found = new List<DerivativeRule>();
                    var model = compilation.GetSemanticModel(tree);
                    foreach (var declaration in tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.AttributeLists.Count > 0))
                    {
                        if (model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal } method)
                        {
                            AddRules(method, found);
                        }
                    }

                    entry.Rules = found;
                    entry.Fingerprint = fingerprint;
                }

                rules.AddRange(entry.Rules);
            }
        }

        return new EquatableArray<DerivativeRule>(rules.OrderBy(r => r.OriginalKey, System.StringComparer.Ordinal).ThenBy(r => r.Argument).ThenBy(r => r.RuleMethod, System.StringComparer.Ordinal));
    }

    private sealed class TreeRules
    {
        public TreeRules(bool mentions) => Mentions = mentions;

        public bool Mentions { get; }

        public long Fingerprint { get; set; }

        public List<DerivativeRule>? Rules { get; set; }
    }

    private static void Walk(INamespaceOrTypeSymbol container, List<DerivativeRule> rules, CancellationToken cancellationToken)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    Walk(ns, rules, cancellationToken);
                    break;
                case INamedTypeSymbol type:
                    foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                    {
                        if (method.IsStatic && method.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
                        {
                            AddRules(method, rules);
                        }
                    }

                    Walk(type, rules, cancellationToken);
                    break;
            }
        }
    }

    private static void AddRules(IMethodSymbol rule, List<DerivativeRule> rules)
    {
        foreach (var attribute in rule.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != Symbols.DerivativeOfAttribute
                || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not ITypeSymbol original
                || attribute.ConstructorArguments[1].Value is not string name
                || rule.Parameters.Length < 2)
            {
                continue;
            }

            // The rule's leading parameters are the original's (receiver first), then for an element of a list result
            // the element's index; then the result and its adjoint.
            var element = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Element").Value.Value as string;
            var originalParameters = rule.Parameters.Take(rule.Parameters.Length - 2).ToList();
            var key = Symbols.Key(original, name, originalParameters.Take(originalParameters.Count - (element == "[]" ? 1 : 0)).Select(p => p.Type))
                + (element is null ? string.Empty : "." + element);
            var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Argument").Value.Value as int? ?? -1;
            var returnsAdjoint = originalParameters
                .Select((p, i) => argument >= 0
                    ? i == argument
                    : Symbols.KindOf(p.Type) != ValueKind.None && !Symbols.HasAttribute(p, Symbols.NoDiffAttribute))
                .ToList();
            var stops = attribute.NamedArguments.FirstOrDefault(a => a.Key == "StopsGradient").Value.Value as bool? ?? false;
            var elementwise = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Elementwise").Value.Value as string;
            var shapeOnly = attribute.NamedArguments.FirstOrDefault(a => a.Key == "ShapeOnly").Value.Value as bool? ?? false;
            rules.Add(new DerivativeRule(key, Symbols.Global(rule.ContainingType) + "." + rule.Name, new EquatableArray<bool>(returnsAdjoint), argument, stops, elementwise, shapeOnly));
        }
    }
}
