using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Applies code fixes in an <see cref="AdhocWorkspace"/> the way the IDE does: diagnostics from the shipped
/// analyzers, the fix's code action applied through its operations, Fix All through the provider's
/// <see cref="FixAllProvider"/>. Returns the text of every document afterwards.
/// </summary>
internal static class CodeFixHarness
{
    private static readonly ImmutableArray<MetadataReference> _references =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Tensor).Assembly.Location)];

    /// <summary>Applies the fix for the first fixable diagnostic (in document order) of the first document.</summary>
    public static async Task<string[]> FixOneAsync(CodeFixProvider provider, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace, sources);
        var document = project.Documents.First(d => d.Name == "Source0.cs");
        var diagnostics = await FixableAsync(provider, project);
        var diagnostic = diagnostics.FirstOrDefault(d => d.Location.SourceTree?.FilePath == document.FilePath);
        Assert.True(diagnostic is not null, "no diagnostic to fix: " + string.Join("; ", diagnostics));
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        Assert.NotEmpty(actions);
        return await ApplyAsync(workspace, actions[0]);
    }

    /// <summary>Whether the provider offers any fix for the first document's diagnostics.</summary>
    public static async Task<bool> OffersFixAsync(CodeFixProvider provider, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace, sources);
        var document = project.Documents.First(d => d.Name == "Source0.cs");
        var actions = new List<CodeAction>();
        foreach (var diagnostic in await FixableAsync(provider, project))
        {
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        }

        return actions.Count > 0;
    }

    /// <summary>Fixes every fixable diagnostic of the solution at once through the provider's Fix All.</summary>
    public static async Task<string[]> FixAllAsync(CodeFixProvider provider, string equivalenceKey, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var project = CreateProject(workspace, sources);
        var document = project.Documents.First(d => d.Name == "Source0.cs");
        var diagnostics = await FixableAsync(provider, project);
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        var context = new FixAllContext(
            document,
            provider,
            FixAllScope.Solution,
            equivalenceKey,
            provider.FixableDiagnosticIds,
            new Diagnostics(diagnostics),
            CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        return await ApplyAsync(workspace, action);
    }

    private static Project CreateProject(AdhocWorkspace workspace, string[] sources)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "UserCode",
            "UserCode",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: _references));
        workspace.AddDocument(project.Id, "Usings.cs", Microsoft.CodeAnalysis.Text.SourceText.From(GeneratorHarness.Usings));
        for (var i = 0; i < sources.Length; i++)
        {
            var info = DocumentInfo.Create(DocumentId.CreateNewId(project.Id), $"Source{i}.cs", filePath: $"Source{i}.cs", loader: TextLoader.From(TextAndVersion.Create(Microsoft.CodeAnalysis.Text.SourceText.From(sources[i]), VersionStamp.Default)));
            workspace.AddDocument(info);
        }

        return workspace.CurrentSolution.GetProject(project.Id)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> FixableAsync(CodeFixProvider provider, Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(AnalyzerHarness.All).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<string[]> ApplyAsync(AdhocWorkspace workspace, CodeAction action)
    {
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
        {
            operation.Apply(workspace, CancellationToken.None);
        }

        var documents = workspace.CurrentSolution.Projects.Single().Documents.Where(d => d.Name.StartsWith("Source", StringComparison.Ordinal)).OrderBy(d => d.Name, StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var document in documents)
        {
            texts.Add((await document.GetTextAsync()).ToString());
        }

        return texts.ToArray();
    }

    /// <summary>Hands Fix All the diagnostics found up front, per document or project.</summary>
    private sealed class Diagnostics(ImmutableArray<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(all);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return all.Where(d => d.Location.SourceTree?.FilePath == tree?.FilePath);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(all.Where(d => d.Location == Location.None));
    }
}
