using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// A 64-bit hash of everything a method body can bind against: the declarations of every syntax tree (their text
/// without method, accessor and local-function bodies), the references and the options. An edit inside one method
/// body leaves it unchanged, so the models of the other methods (whose syntax is unchanged) can be reused: without
/// this, every keystroke re-parsed every [Differentiable] method of the project.
/// </summary>
internal static class DeclarationFingerprint
{
    private static readonly ConditionalWeakTable<Compilation, Box> _compilations = new();
    private static readonly ConditionalWeakTable<SyntaxTree, Box> _trees = new();

    public static long Of(Compilation compilation) => _compilations.GetValue(compilation, static c => new Box(Compute(c))).Value;

    private static long Compute(Compilation compilation)
    {
        var hash = Fnv.Start;
        // Options objects do not all implement GetHashCode (the command-line compiler's tree options provider
        // throws), so the settings that change binding are hashed one by one.
        hash = Fnv.Add(hash, compilation.AssemblyName ?? string.Empty);
        hash = Fnv.Add(hash, (long)compilation.Options.NullableContextOptions);
        hash = Fnv.Add(hash, (long)compilation.Options.OutputKind);
        foreach (var reference in compilation.References)
        {
            // References are immutable objects the IDE and the build reuse while they are unchanged.
            hash = Fnv.Add(hash, reference is CompilationReference project ? Of(project.Compilation) : RuntimeHelpers.GetHashCode(reference));
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            hash = Fnv.Add(hash, _trees.GetValue(tree, static t => new Box(Declarations(t))).Value);
        }

        return hash;
    }

    private static long Declarations(SyntaxTree tree)
    {
        var hash = Fnv.Add(Fnv.Start, tree.FilePath);
        if (tree.Options is CSharpParseOptions options)
        {
            hash = Fnv.Add(hash, (long)options.LanguageVersion);
            foreach (var symbol in options.PreprocessorSymbolNames)
            {
                hash = Fnv.Add(hash, symbol);
            }
        }

        foreach (var token in tree.GetRoot().DescendantTokens(static node => !IsBody(node)))
        {
            hash = Fnv.Add(hash, token.RawKind);
            hash = Fnv.Add(hash, token.ValueText);
        }

        return hash;
    }

    // A constructor's body counts as a declaration: a [Differentiable] method that creates a local struct, class or
    // record follows its fields through what the constructor assigns (BodyParser.Objects.cs).
    private static bool IsBody(SyntaxNode node) =>
        node switch
        {
            BlockSyntax { Parent: ConstructorDeclarationSyntax } or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax } => false,
            BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax } => !IsInlined(node.Parent),
            ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax } => !IsInlined(node.Parent),
            _ => false,
        };

    // The body of a [Differentiable] method with ref or out parameters is part of its callers' models (Inlining):
    // an edit to it must re-parse them. Told from syntax alone, so it may also count a few bodies that are not.
    private static bool IsInlined(SyntaxNode? method) =>
        method is MethodDeclarationSyntax declaration
        && declaration.ParameterList.Parameters.Any(p => p.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword)))
        && declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("Differentiable"));

    private sealed class Box
    {
        public Box(long value) => Value = value;

        public long Value { get; }
    }

    /// <summary>FNV-1a, 64-bit: stable within a process, cheap, and good enough to tell edits apart.</summary>
    private static class Fnv
    {
        public const long Start = unchecked((long)14695981039346656037UL);

        public static long Add(long hash, long value)
        {
            unchecked
            {
                for (var i = 0; i < 8; i++)
                {
                    hash = (hash ^ ((value >> (i * 8)) & 0xFF)) * 1099511628211L;
                }

                return hash;
            }
        }

        public static long Add(long hash, string text)
        {
            unchecked
            {
                foreach (var c in text)
                {
                    hash = (hash ^ c) * 1099511628211L;
                }

                return (hash ^ 0xFF) * 1099511628211L;
            }
        }
    }
}
