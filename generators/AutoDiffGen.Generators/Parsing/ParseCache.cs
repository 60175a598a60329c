using System.Runtime.CompilerServices;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// The parsed model of each [Differentiable] method, reused while its syntax node is the same object (its file is
/// unedited) and the <see cref="DeclarationFingerprint"/> of the compilation is unchanged (no declaration anywhere
/// changed). Roslyn re-runs the generator's transform for every method on every edit; this makes the 999 unchanged
/// methods of an edit cost a lookup. The other methods of the edited file are new nodes with the same text: they
/// are found by <see cref="MovedMethods"/>, so an edit parses one method. Shared by the generator and the analyzers.
/// </summary>
internal static class ParseCache
{
    private static readonly ConditionalWeakTable<MethodDeclarationSyntax, Entry> _entries = new();

    public static MethodModel? Get(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var fingerprint = DeclarationFingerprint.Of(semanticModel.Compilation);
        var entry = _entries.GetValue(syntax, static _ => new Entry());
        lock (entry)
        {
            if (entry.Parsed && entry.Fingerprint == fingerprint)
            {
                return entry.Model;
            }
        }

        // A method of an edited file whose own text is unchanged: its model from the file's previous version, moved.
        var model = MovedMethods.Find(syntax, fingerprint);
        if (model is null)
        {
            model = MethodParser.Parse(method, syntax, semanticModel, cancellationToken);
            if (model is not null)
            {
                MovedMethods.Remember(syntax, fingerprint, model);
            }
        }

        lock (entry)
        {
            entry.Model = model;
            entry.Fingerprint = fingerprint;
            entry.Parsed = true;
        }

        return model;
    }

    private sealed class Entry
    {
        public bool Parsed { get; set; }

        public long Fingerprint { get; set; }

        public MethodModel? Model { get; set; }
    }
}
