using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Builds the <see cref="MethodModel"/> of one [Differentiable] method from its symbol and syntax.</summary>
internal static class MethodParser
{
    public static MethodModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is IMethodSymbol method && context.TargetNode is MethodDeclarationSyntax syntax
            ? ParseCache.Get(method, syntax, context.SemanticModel, cancellationToken)
            : null;

    /// <summary>The model of a [Differentiable] method; shared by the generator and the analyzers, so they never disagree.</summary>
    public static MethodModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // Code that does not compile yet (a method being typed, a body with errors) gets no gradient and no
        // diagnostics of ours: the compiler's own errors say what is wrong. Errors are found in the syntax and in the
        // bound operation tree the parser needs anyway (asking the semantic model for diagnostics would bind the
        // method a second time, which dominated the cost of an edit).
        // [Differentiable(Manual = true)]: the type writes its pullback itself; there is nothing to parse or emit.
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Symbols.DifferentiableAttribute);
        if (attribute?.NamedArguments.Any(a => a.Key == "Manual" && a.Value.Value is true) == true)
        {
            return null;
        }

        // A method an override can replace (ADG0014) is not differentiated, so its body (none, if abstract) is not read.
        var overridable = Symbols.Overridable(method);
        if ((overridable is null && syntax.Body is null && syntax.ExpressionBody is null)
            || syntax.ContainsDiagnostics
            || method.ReturnType.TypeKind == TypeKind.Error
            || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error))
        {
            return null;
        }

        var body = overridable is null ? semanticModel.GetOperation(syntax, cancellationToken) : null;
        if (overridable is null && (body is null || HasErrors(body)))
        {
            return null;
        }

        var diagnostics = new List<DiagnosticModel>();
        if (overridable is not null)
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.VirtualDifferentiable.Id, syntax.Identifier.GetLocation(), method.Name, "it " + overridable));
        }

        var containing = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.NotPartial.Id, syntax.Identifier.GetLocation(), method.Name, type.Name));
            }

            var keyword = declaration switch
            {
                RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            var name = Symbols.DeclaredName(type);
            containing.Insert(0, new ContainingType(keyword, name));
        }

        // A generic method (T : IFloatingPointIeee754<T>) is reported once, on its type parameters, not as an
        // unsupported type for each parameter of type T.
        if (method.IsGenericMethod && syntax.TypeParameterList is { } typeParameters)
        {
            diagnostics.Add(DiagnosticFactory.Create(
                DiagnosticDescriptors.UnsupportedConstruct.Id,
                typeParameters.GetLocation(),
                method.Name,
                $"the generic method '{method.Name}{typeParameters}' is not supported, since its gradient is generated for concrete types; write it for double (and overloads for float or Tensor if they are needed)"));
        }

        bool IsTypeParameter(ITypeSymbol type) => type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method };

        var parser = new BodyParser(method, cancellationToken);
        var parameters = new List<ParameterModel>();

        // A method with ref or out parameters is inlined into its callers (Inlining): it is parsed here only for
        // its diagnostics, with its ref parameters differentiable as they are at a call, and generates nothing.
        var inlined = Inlining.IsInlined(method);
        foreach (var parameter in method.Parameters)
        {
            var kind = Symbols.KindOf(parameter.Type);
            var differentiable = Symbols.IsDifferentiable(method, parameter);
            if (!Symbols.HasAttribute(parameter, Symbols.NoDiffAttribute) && Symbols.IsSelected(method, parameter) && parameter.Ordinal < syntax.ParameterList.Parameters.Count)
            {
                var parameterSyntax = syntax.ParameterList.Parameters[parameter.Ordinal];
                if (kind != ValueKind.None && parameter.RefKind is RefKind.Ref or RefKind.Out && !inlined)
                {
                    diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, parameterSyntax.GetLocation(), method.Name, $"the {parameter.RefKind.ToString().ToLowerInvariant()} parameter '{parameter.Name}' is not supported; pass it by value (return the new value), or mark it [NoDiff]"));
                }
                else if (kind == ValueKind.None && !Symbols.IsPlainData(parameter.Type) && !IsTypeParameter(parameter.Type))
                {
                    diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedType.Id, parameterSyntax.GetLocation(), method.Name, $"the parameter '{parameter.Name}'", parameter.Type.ToDisplayString()));
                }
            }

            differentiable |= inlined && parameter.RefKind == RefKind.Ref && kind != ValueKind.None;
            var declared = parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier));
            parameters.Add(new ParameterModel(Symbols.Identifier(parameter.Name), Symbols.Global(parameter.Type), kind, differentiable, declared));
            parser.AddParameter(parameter, differentiable);
        }

        // An instance method of a model differentiates with respect to the model itself (its parameters), as the
        // first gradient, named self; [Differentiable("x")] leaves it out unless "this" is named too.
        if (!method.IsStatic && Symbols.IsModule(method.ContainingType))
        {
            var self = Enumerable.Range(0, int.MaxValue).Select(n => n == 0 ? "self" : "self" + new string('_', n)).First(n => method.Parameters.All(p => p.Name != n));
            var type = Symbols.Global(method.ContainingType);
            var differentiable = Symbols.IsReceiverSelected(method);
            parameters.Insert(0, new ParameterModel(self, type, ValueKind.Module, differentiable, type, IsReceiver: true));
            parser.AddReceiver(self, type, differentiable);
        }

        var returnKind = Symbols.KindOf(method.ReturnType);
        if (returnKind == ValueKind.None && !IsTypeParameter(method.ReturnType) && !(inlined && method.ReturnsVoid))
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedType.Id, syntax.ReturnType.GetLocation(), method.Name, "the result", method.ReturnType.ToDisplayString()));
        }

        var constructs = body is null ? new List<DiagnosticModel>() : ConstructScanner.Scan(method, syntax, semanticModel, cancellationToken);
        diagnostics.AddRange(constructs);
        if (body is not null && (returnKind != ValueKind.None || inlined) && constructs.Count == 0 && !method.IsGenericMethod)
        {
            // ADG0007's in-place mutations are found first: the parser keeps a mutation of constant data as a
            // statement, and leaves one that ADG0007 reports out of ADG0004.
            var inPlace = body is IMethodBodyOperation methodBody ? Analyzers.InPlaceMutationAnalyzer.Find(methodBody, syntax, method, cancellationToken) : null;
            if (inPlace is { } found)
            {
                diagnostics.AddRange(found.Diagnostics);
                parser.InPlaceMutations = found.Mutations;
            }

            parser.ParseBody(body);
            diagnostics.AddRange(parser.Diagnostics);
            if (parser.Result < 0 && parser.Diagnostics.Count == 0 && !(inlined && method.ReturnsVoid))
            {
                diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, syntax.Identifier.GetLocation(), method.Name, "the body does not end in a return; end it with 'return value;'"));
            }
        }

        var typeName = string.Join(".", containing.Select(c => c.Name.Split('<')[0].TrimStart('@')));
        var (newMethods, newPullbackType) = Hiding.Of(method);
        return new MethodModel(
            method.ContainingNamespace.IsGlobalNamespace ? null : Symbols.Namespace(method.ContainingNamespace),
            new EquatableArray<ContainingType>(containing),
            method.Name,
            SyntaxFacts.GetText(method.DeclaredAccessibility),
            method.IsStatic,
            new EquatableArray<ParameterModel>(parameters),
            Symbols.Global(method.ReturnType),
            returnKind,
            new EquatableArray<Op>(parser.Ops),
            new EquatableArray<Item>(parser.Body),
            inlined ? -1 : parser.Result,
            syntax.SyntaxTree.FilePath,
            $"{typeName}.{method.Name}.Gradient.g.cs",
            new EquatableArray<DiagnosticModel>(diagnostics),
            parser.IsRecursive,
            new EquatableArray<string>(parser.DifferentiableCallees.OrderBy(c => c, StringComparer.Ordinal)),
            Symbols.Key(method.OriginalDefinition),
            attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Fuse").Value.Value as bool? ?? true,
            IsLayerForward(method) && parameters.All(p => p.Differentiable),
            newMethods,
            newPullbackType);
    }

    // Forward(Tensor) → Tensor of a model that declares ILayer: the generator implements the interface's pullback.
    private static bool IsLayerForward(IMethodSymbol method) =>
        method is { Name: "Forward", IsStatic: false, Parameters.Length: 1 }
        && Symbols.IsModule(method.ContainingType)
        && Symbols.KindOf(method.ReturnType) == ValueKind.Tensor
        && Symbols.KindOf(method.Parameters[0].Type) == ValueKind.Tensor
        && method.ContainingType.AllInterfaces.Any(i => i.ToDisplayString() == "AutoDiffGen.ILayer");

    // An operation tree with an error in it: an invalid operation, an impossible conversion or an error type.
    private static bool HasErrors(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IInvalidOperation
                || operation is IConversionOperation { Conversion.Exists: false }
                || operation.Type?.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }
}
