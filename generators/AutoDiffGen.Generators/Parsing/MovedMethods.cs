using System.Collections.Concurrent;
using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// The models of the methods of a file's previous version, found again by their text after an edit elsewhere in the
/// file. An edit reparses its file into new syntax nodes, so <see cref="ParseCache"/> (keyed by node) misses for
/// every method of the edited file, though only one of them changed: this finds the others, and moves their
/// locations by as many characters and lines as the edit moved the method.
/// <para>
/// A model is reused only when everything its parse reads is the same: the file path, the enclosing namespaces and
/// types, the method's full text (trivia included), the preprocessor directives before it (<c>#nullable</c>,
/// <c>#define</c>), the column it starts at, and the compilation's <see cref="DeclarationFingerprint"/> (every
/// declaration a body can bind against).
/// </para>
/// Two versions are kept per file (the one being parsed and the one before), so memory stays bounded while typing.
/// </summary>
internal static class MovedMethods
{
    private static readonly ConcurrentDictionary<string, FileVersions> _files = new(StringComparer.Ordinal);

    /// <summary>The model of the same method in the file's previous version, moved to where it is now; null if none fits.</summary>
    public static MethodModel? Find(MethodDeclarationSyntax syntax, long fingerprint)
    {
        var tree = syntax.SyntaxTree;
        if (!_files.TryGetValue(tree.FilePath, out var versions))
        {
            return null;
        }

        var key = (fingerprint, Key(syntax));
        Snapshot? found;
        lock (versions)
        {
            if (!versions.TryGet(key, out found) || found is null)
            {
                return null;
            }
        }

        var start = syntax.FullSpan.Start;
        var position = tree.GetText().Lines.GetLinePosition(start);
        return found.Column == position.Character
            ? Relocate(found.Model, found.Start, found.Length, start, position.Line - found.Line)
            : null;
    }

    /// <summary>Remembers a parsed model for the file's next version.</summary>
    public static void Remember(MethodDeclarationSyntax syntax, long fingerprint, MethodModel model)
    {
        var tree = syntax.SyntaxTree;
        var start = syntax.FullSpan.Start;
        var position = tree.GetText().Lines.GetLinePosition(start);
        var snapshot = new Snapshot(start, syntax.FullSpan.Length, position.Line, position.Character, model);
        var versions = _files.GetOrAdd(tree.FilePath, static _ => new FileVersions());
        lock (versions)
        {
            versions.Add(tree, (fingerprint, Key(syntax)), snapshot);
        }
    }

    /// <summary>
    /// The model with every location moved from a method that spanned <paramref name="length"/> characters from
    /// <paramref name="from"/> to the same text at <paramref name="to"/>, <paramref name="lines"/> lines further;
    /// null if a location lies outside the method (it could not be moved with it).
    /// </summary>
    internal static MethodModel? Relocate(MethodModel model, int from, int length, int to, int lines)
    {
        if (from == to && lines == 0)
        {
            return model;
        }

        var end = from + length;
        var outside = false;
        LocationModel? Move(LocationModel? location)
        {
            if (location is null)
            {
                return null;
            }

            if (location.Start < from || location.Start + location.Length > end)
            {
                outside = true;
                return location;
            }

            return location with { Start = location.Start - from + to, StartLine = location.StartLine + lines, EndLine = location.EndLine + lines };
        }

        var ops = model.Ops.Select(op => op.Location is null ? op : op with { Location = Move(op.Location) }).ToList();
        var diagnostics = model.Diagnostics.Select(d => d.Location is null ? d : d with { Location = Move(d.Location) }).ToList();
        return outside ? null : model with { Ops = new EquatableArray<Op>(ops), Diagnostics = new EquatableArray<DiagnosticModel>(diagnostics) };
    }

    // What identifies the method across versions: enclosing namespaces and types, the directives before it, its text.
    private static string Key(MethodDeclarationSyntax syntax)
    {
        var key = new StringBuilder();
        for (var node = syntax.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    key.Append("namespace ").Append(ns.Name).Append('\n');
                    break;
                case TypeDeclarationSyntax type:
                    key.Append(type.Keyword.ValueText).Append(' ').Append(type.Identifier.ValueText).Append(type.TypeParameterList).Append('\n');
                    break;
            }
        }

        var root = (CSharpSyntaxNode)syntax.SyntaxTree.GetRoot();
        var start = syntax.FullSpan.Start;
        for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < start; directive = directive.GetNextDirective())
        {
            key.Append(directive.ToString()).Append('\n');
        }

        return key.Append('\0').Append(syntax.ToFullString()).ToString();
    }

    private sealed record Snapshot(int Start, int Length, int Line, int Column, MethodModel Model);

    /// <summary>The snapshots of a file's current version and of the one before it.</summary>
    private sealed class FileVersions
    {
        private WeakReference<SyntaxTree>? _currentTree;
        // Keyed by the compilation's fingerprint too: the generator's compilation and the analyzers' (which holds
        // the generated files) differ, and each keeps its own models.
        private Dictionary<(long, string), Snapshot> _current = new();
        private Dictionary<(long, string), Snapshot> _previous = new();

        public bool TryGet((long, string) key, out Snapshot? snapshot) =>
            _previous.TryGetValue(key, out snapshot) || _current.TryGetValue(key, out snapshot);

        public void Add(SyntaxTree tree, (long, string) key, Snapshot snapshot)
        {
            if (_currentTree is null || !_currentTree.TryGetTarget(out var current) || !ReferenceEquals(current, tree))
            {
                _previous = _current;
                _current = new Dictionary<(long, string), Snapshot>();
                _currentTree = new WeakReference<SyntaxTree>(tree);
            }

            _current[key] = snapshot;
        }
    }
}
