using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Builds the <see cref="TrainingStepModel"/> of a [TrainingStep] partial method: finds its loss, matches the
/// parameters, and says what is wrong when they do not match (shared by the generator and ADG0013's analyzer).
/// </summary>
internal static class TrainingStepParser
{
    public const string Attribute = "AutoDiffGen.TrainingStepAttribute";

    private static readonly SymbolDisplayFormat _typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static TrainingStepModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is IMethodSymbol method && context.TargetNode is MethodDeclarationSyntax syntax
            ? Parse(method, syntax, cancellationToken)
            : null;

    public static TrainingStepModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
    {
        // A step whose declaration does not compile yet gets nothing: the compiler's errors come first.
        if (syntax.ContainsDiagnostics || method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error))
        {
            return null;
        }

        var containing = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            var keyword = declaration is RecordDeclarationSyntax ? "record" : declaration is StructDeclarationSyntax ? "struct" : "class";
            containing.Insert(0, new ContainingType(keyword, Symbols.DeclaredName(type)));
        }

        var parameters = method.Parameters.Select(p => new StepParameter(p.Type.ToDisplayString(_typeFormat), p.Name)).ToList();
        var problem = Match(method, syntax, out var loss, out var optimizer, out var gradients);
        var typeName = string.Join(".", containing.Select(c => c.Name.Split('<')[0].TrimStart('@')));
        return new TrainingStepModel(
            method.ContainingNamespace.IsGlobalNamespace ? null : Symbols.Namespace(method.ContainingNamespace),
            new EquatableArray<ContainingType>(containing),
            syntax.Modifiers.ToString(),
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(_typeFormat),
            method.Name,
            new EquatableArray<StepParameter>(parameters),
            loss is null ? string.Empty : Symbols.Global(loss.ContainingType) + "." + loss.Name + "WithGradient",
            loss is null ? string.Empty : loss.ContainingType.Name + "." + loss.Name,
            new EquatableArray<string>(method.Parameters.Where(p => p.Name != optimizer).Select(p => p.Name)),
            optimizer ?? string.Empty,
            new EquatableArray<StepGradient>(gradients),
            !method.ReturnsVoid,
            $"{typeName}.{method.Name}.TrainingStep.g.cs",
            problem);
    }

    /// <summary>Null when the step matches its loss; otherwise what is wrong and what to do.</summary>
    private static string? Match(IMethodSymbol step, MethodDeclarationSyntax syntax, out IMethodSymbol? loss, out string? optimizer, out List<StepGradient> gradients)
    {
        loss = null;
        optimizer = null;
        gradients = new List<StepGradient>();
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null || step.PartialImplementationPart is not null)
        {
            return "declare it as a partial method without a body (the generator writes the body)";
        }

        var attribute = step.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == Attribute);
        var arguments = attribute.ConstructorArguments;
        var lossType = arguments.Length == 2 ? arguments[0].Value as INamedTypeSymbol : step.ContainingType;
        var lossName = arguments.Length == 0 ? null : arguments[arguments.Length - 1].Value as string;
        if (lossType is null || string.IsNullOrEmpty(lossName))
        {
            return "name the loss method, e.g. [TrainingStep(nameof(Loss))]";
        }

        var optimizers = step.Parameters.Where(p => IsOptimizer(p.Type)).ToList();
        if (optimizers.Count != 1)
        {
            return optimizers.Count == 0
                ? "add a parameter for the optimizer (Optimizer, Sgd, Adam, …) that applies the update"
                : "take exactly one optimizer parameter";
        }

        optimizer = optimizers[0].Name;
        var inputs = step.Parameters.Where(p => !IsOptimizer(p.Type)).Select(p => p.Type).ToList();
        var candidates = lossType.GetMembers(lossName!).OfType<IMethodSymbol>().Where(m => Symbols.HasAttribute(m, Symbols.DifferentiableAttribute)).ToList();
        if (candidates.Count == 0)
        {
            return $"'{lossType.Name}' has no [Differentiable] method named '{lossName}'";
        }

        var matching = candidates.FirstOrDefault(m => m.Parameters.Length == inputs.Count
            && m.Parameters.Select(p => p.Type).Zip(inputs, (a, b) => SymbolEqualityComparer.Default.Equals(a, b)).All(same => same));
        loss = matching;
        if (matching is null)
        {
            var expected = string.Join(", ", candidates[0].Parameters.Select(p => p.Type.ToDisplayString() + " " + p.Name));
            return $"its parameters other than the optimizer must be those of '{lossType.Name}.{lossName}' in order: ({expected})";
        }

        if (!loss.IsStatic)
        {
            return $"'{lossName}' must be static (take the model as a parameter)";
        }

        var resultKind = Symbols.KindOf(loss.ReturnType);
        if (resultKind is not (ValueKind.Double or ValueKind.Float or ValueKind.Tensor))
        {
            return $"'{lossName}' must return a scalar loss (double, float or a one-element Tensor)";
        }

        if (!step.ReturnsVoid && !SymbolEqualityComparer.Default.Equals(step.ReturnType, loss.ReturnType))
        {
            return $"return void or the loss ({loss.ReturnType.ToDisplayString()})";
        }

        foreach (var parameter in matching.Parameters.Where(p => Symbols.IsDifferentiable(matching, p)))
        {
            var kind = Symbols.KindOf(parameter.Type);
            if (kind is not (ValueKind.Tensor or ValueKind.Module))
            {
                return $"optimizers update tensors, but '{parameter.Name}' of '{lossName}' is {parameter.Type.ToDisplayString()}; make it a Tensor or mark it [NoDiff]";
            }

            gradients.Add(new StepGradient(parameter.Name, kind == ValueKind.Module, step.Parameters.Where(p => !IsOptimizer(p.Type)).ElementAt(parameter.Ordinal).Name));
        }

        return gradients.Count == 0 ? $"'{lossName}' has no differentiable parameter to train" : null;
    }

    private static bool IsOptimizer(ITypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "Optimizer" && t.ContainingNamespace?.Name == "AutoDiffGen" && t.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
            {
                return true;
            }
        }

        return false;
    }
}
