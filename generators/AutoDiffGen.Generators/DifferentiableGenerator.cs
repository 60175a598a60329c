using System.Collections.Immutable;
using AutoDiffGen.Generators.Emitting;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using AutoDiffGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generators;

/// <summary>
/// The incremental pipeline: [Differentiable] methods are parsed into value-equatable models, the
/// [DerivativeOf] rules visible to the compilation are collected as data, and each method's gradient code is
/// emitted from both. A failure inside the generator becomes diagnostic ADG0900, never a compiler crash.
/// The user-facing rules (ADG0001–ADG0010) are reported by the analyzers in Analyzers/, which run the same parser:
/// the generator only declines to emit a method they find an error in, so nothing is reported twice.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Symbols.DifferentiableAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (context, cancellationToken) => SafeParse(context, cancellationToken))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName("Methods");

        // Models (partial classes deriving from Module) get VisitMembers and a Gradient type.
        var modules = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => ModuleParser.IsCandidate(node), static (context, cancellationToken) => SafeParseModule(context, cancellationToken))
            .Where(static m => m is not null)
            .Select(static (m, _) => m!)
            .WithTrackingName("Modules");
        context.RegisterSourceOutput(modules, static (spc, module) =>
        {
            if (module.Failure is not null)
            {
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(module.Failure));
                return;
            }

            spc.AddSource(module.HintName, SourceText.From(ModuleEmitter.Emit(module), System.Text.Encoding.UTF8));
        });

        // [TrainingStep] partial methods get their bodies: the loss's forward and backward, then the update.
        var steps = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TrainingStepParser.Attribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (context, cancellationToken) => SafeParseStep(context, cancellationToken))
            .Where(static s => s is not null && (s.Problem is null || s.Failure is not null))
            .Select(static (s, _) => s!)
            .WithTrackingName("TrainingSteps");
        context.RegisterSourceOutput(steps, static (spc, step) =>
        {
            if (step.Failure is not null)
            {
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(step.Failure));
                return;
            }

            spc.AddSource(step.HintName, SourceText.From(TrainingStepEmitter.Emit(step), System.Text.Encoding.UTF8));
        });

        var rules = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => RuleCollector.Collect(compilation, cancellationToken))
            .WithTrackingName("Rules");

        // Methods that call each other get class pullbacks; the cycles are found across all methods' models.
        var cycles = methods
            .Select(static (m, _) => (m.Key, m.DifferentiableCallees))
            .Collect()
            .Select(static (all, _) => CallCycles.Find(all))
            .WithTrackingName("Cycles");

        // A method whose callee cannot be generated (it has errors, or an operation without a derivative rule, or calls
        // one that has) is not generated either.
        var failures = methods
            .Combine(rules)
            .Select(static (pair, _) => (pair.Left.Key, pair.Left.DifferentiableCallees, pair.Left.Diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)) || RuleCheck.MissingDerivatives(pair.Left, pair.Right).Count > 0))
            .Collect()
            .Select(static (all, _) => CalleeFailures.Find(all))
            .WithTrackingName("CalleeFailures");

        var outputs = methods.Combine(rules).Combine(cycles).Combine(failures)
            .Select(static (pair, _) => SafeEmit(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right))
            .WithTrackingName("Gradients");

        context.RegisterSourceOutput(outputs, static (spc, output) =>
        {
            foreach (var diagnostic in output.Diagnostics)
            {
                spc.ReportDiagnostic(DiagnosticFactory.ToDiagnostic(diagnostic));
            }

            if (output.Source is not null)
            {
                spc.AddSource(output.HintName, SourceText.From(output.Source, System.Text.Encoding.UTF8));
            }
        });
    }

    private static TrainingStepModel? SafeParseStep(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken) =>
        Guarded(
            () => TrainingStepParser.Parse(context, cancellationToken),
            context.TargetSymbol.Name,
            context.TargetNode,
            (name, failure) => new TrainingStepModel(null, EquatableArray<ContainingType>.Empty, string.Empty, string.Empty, name, EquatableArray<StepParameter>.Empty, string.Empty, string.Empty, EquatableArray<string>.Empty, string.Empty, EquatableArray<StepGradient>.Empty, false, name + ".TrainingStep.g.cs", "failed", failure));

    private static ModuleModel? SafeParseModule(GeneratorSyntaxContext context, System.Threading.CancellationToken cancellationToken) =>
        Guarded(
            () => ModuleParser.Parse(context, cancellationToken),
            context.Node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax c ? c.Identifier.ValueText : "model",
            context.Node,
            (name, failure) => new ModuleModel(null, EquatableArray<ContainingType>.Empty, name, EquatableArray<ModuleMember>.Empty, false, name + ".Module.g.cs", failure));

    private static MethodModel? SafeParse(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken) =>
        Guarded(
            () => MethodParser.Parse(context, cancellationToken),
            context.TargetSymbol.Name,
            context.TargetNode,
            (name, failure) => new MethodModel(null, EquatableArray<ContainingType>.Empty, name, "public", true, EquatableArray<ParameterModel>.Empty, "double", ValueKind.None, EquatableArray<Op>.Empty, EquatableArray<Item>.Empty, -1, string.Empty, name + ".Gradient.g.cs", new EquatableArray<DiagnosticModel>(new[] { failure })));

    /// <summary>Runs a parser; a failure becomes a model carrying ADG0900 (made by <paramref name="failed"/>), never a compiler crash.</summary>
    private static T? Guarded<T>(Func<T?> parse, string name, SyntaxNode node, Func<string, DiagnosticModel, T> failed)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The generator must never crash the compiler: any failure is reported as ADG0900.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return failed(name, DiagnosticFactory.Create(DiagnosticDescriptors.InternalError.Id, node.GetLocation(), name, Describe(e)));
        }
    }

    // The exception and the frame it came from, so a report carries enough to find the bug.
    private static string Describe(Exception e)
    {
        var frame = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? string.Empty;
        return e.GetType().Name + ": " + e.Message.TrimEnd('.') + " " + frame;
    }

    private static bool IsInternal(DiagnosticModel diagnostic) => diagnostic.Id == DiagnosticDescriptors.InternalError.Id;

    private static GeneratedOutput SafeEmit(MethodModel method, EquatableArray<DerivativeRule> rules, EquatableArray<string> cycles, EquatableArray<string> failures)
    {
        if (!method.IsRecursive && cycles.Contains(method.Key))
        {
            method = method with { IsRecursive = true };
        }

        if (method.Diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)))
        {
            return new GeneratedOutput(method.HintName, null, new EquatableArray<DiagnosticModel>(method.Diagnostics.Where(IsInternal)));
        }

        // Reported here, not by the analyzers: it depends on other methods' models, which the generator has.
        if (CalleeFailures.Diagnostic(method, failures) is { } calleeFailed)
        {
            return new GeneratedOutput(method.HintName, null, new EquatableArray<DiagnosticModel>(ImmutableArray.Create(calleeFailed)));
        }

        try
        {
            var (source, diagnostics) = GradientEmitter.Emit(method, rules);
            return new GeneratedOutput(method.HintName, source, new EquatableArray<DiagnosticModel>(diagnostics.Where(IsInternal)));
        }
#pragma warning disable CA1031 // The generator must never crash the compiler: any failure is reported as ADG0900.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var location = method.Ops.FirstOrDefault(o => o.Location is not null)?.Location;
            return new GeneratedOutput(method.HintName, null, new EquatableArray<DiagnosticModel>(ImmutableArray.Create(
                DiagnosticFactory.Create(DiagnosticDescriptors.InternalError.Id, location, method.Name, Describe(e)))));
        }
    }
}

/// <summary>What one method contributes to the compilation: a generated file (or none) and its diagnostics.</summary>
internal sealed record GeneratedOutput(string HintName, string? Source, EquatableArray<DiagnosticModel> Diagnostics);
