using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Builds the <see cref="MethodModel"/> of one [Differentiable] method from its symbol and syntax.</summary>
internal static class MethodParser
{
    public static MethodModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        // Code that does not compile yet (a method being typed, a body with errors) gets no gradient and no
        // diagnostics of ours: the compiler's own errors say what is wrong.
        if ((syntax.Body is null && syntax.ExpressionBody is null)
            || syntax.ContainsDiagnostics
            || context.SemanticModel.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var diagnostics = new List<DiagnosticModel>();
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
            var name = type.Name + (type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">");
            containing.Insert(0, new ContainingType(keyword, name));
        }

        var parser = new BodyParser(method, cancellationToken);
        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var kind = Symbols.KindOf(parameter.Type);
            var differentiable = Symbols.IsDifferentiable(method, parameter);
            parameters.Add(new ParameterModel(parameter.Name, Symbols.Global(parameter.Type), kind, differentiable));
            parser.AddParameter(parameter, differentiable);
        }

        var returnKind = Symbols.KindOf(method.ReturnType);
        if (returnKind == ValueKind.None)
        {
            diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedType.Id, syntax.ReturnType.GetLocation(), method.Name, "the result", method.ReturnType.ToDisplayString()));
        }

        var body = context.SemanticModel.GetOperation(syntax, cancellationToken);
        if (body is not null && diagnostics.Count == 0)
        {
            parser.ParseBody(body);
            diagnostics.AddRange(parser.Diagnostics);
            if (parser.Result < 0 && parser.Diagnostics.Count == 0)
            {
                diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, syntax.Identifier.GetLocation(), method.Name, "a body without a final return"));
            }
        }

        var typeName = string.Join(".", containing.Select(c => c.Name.Split('<')[0]));
        return new MethodModel(
            method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            new EquatableArray<ContainingType>(containing),
            method.Name,
            SyntaxFacts.GetText(method.DeclaredAccessibility),
            method.IsStatic,
            new EquatableArray<ParameterModel>(parameters),
            Symbols.Global(method.ReturnType),
            returnKind,
            new EquatableArray<Op>(parser.Ops),
            new EquatableArray<Item>(parser.Body),
            parser.Result,
            syntax.SyntaxTree.FilePath,
            $"{typeName}.{method.Name}.Gradient.g.cs",
            new EquatableArray<DiagnosticModel>(diagnostics),
            parser.IsRecursive);
    }
}
