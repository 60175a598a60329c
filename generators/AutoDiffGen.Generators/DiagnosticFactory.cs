using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators;

/// <summary>Converts diagnostics to plain data for the pipeline models and back to Roslyn diagnostics when reported.</summary>
internal static class DiagnosticFactory
{
    public static LocationModel Location(Location location)
    {
        var span = location.GetLineSpan();
        return new LocationModel(
            span.Path ?? string.Empty,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            span.StartLinePosition.Line,
            span.StartLinePosition.Character,
            span.EndLinePosition.Line,
            span.EndLinePosition.Character);
    }

    public static DiagnosticModel Create(string id, Location location, params string[] arguments) =>
        new(id, new EquatableArray<string>(arguments), Location(location));

    public static DiagnosticModel Create(string id, LocationModel? location, params string[] arguments) =>
        new(id, new EquatableArray<string>(arguments), location);

    public static Diagnostic ToDiagnostic(DiagnosticModel model)
    {
        var descriptor = DiagnosticDescriptors.ById(model.Id) ?? DiagnosticDescriptors.InternalError;
        var l = model.Location;
        var location = l is null || l.FilePath.Length == 0
            ? Microsoft.CodeAnalysis.Location.None
            : Microsoft.CodeAnalysis.Location.Create(
                l.FilePath,
                new TextSpan(l.Start, l.Length),
                new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)));
        return Diagnostic.Create(descriptor, location, model.Arguments.Cast<object>().ToArray());
    }
}
