using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Renders a piece of the user's code (an expression, a pattern) as C# that binds to the same symbols in the
/// generated file, which has none of the user's usings: every type, namespace and static member reached by a simple
/// name is written with <c>global::</c>, implicit-this members get <c>this.</c>, reduced extension calls become
/// static calls, <c>nameof</c> becomes its string, and each local or parameter becomes the variable that holds its
/// current value. Whatever cannot be written faithfully is collected as a problem (reported as ADG0004 at the
/// user's code), never left to fail to compile inside the generated file.
/// </summary>
internal sealed class QualifiedExpression
{
    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly Func<ISymbol, string?> _variable;
    private readonly CancellationToken _cancellationToken;
    private readonly StringBuilder _text = new();
    private readonly List<(SyntaxNode Node, string What)> _problems = new();
    // Where variables declared by a pattern or out argument keep their names: the expression itself, or the case
    // label or switch arm a guard belongs to (a when guard reads its pattern's variables).
    private SyntaxNode _scope = null!;
    private bool _space;

    // The text that stands for a whole node (an element or field of a scalarized local, see BodyParser.Aggregates.cs).
    private Func<SyntaxNode, string?>? _replace;

    // Inside a multi-line raw interpolated string the whitespace between tokens is content: kept exactly.
    private int _verbatim;

    private QualifiedExpression(SemanticModel model, IMethodSymbol method, Func<ISymbol, string?> variable, CancellationToken cancellationToken)
    {
        _model = model;
        _method = method;
        _variable = variable;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The C# of <paramref name="syntax"/> for the generated file, and what could not be rendered. <paramref name="variable"/>
    /// names the generated variable holding a local's or parameter's current value (null when it has none).
    /// <paramref name="operation"/>, when given, is checked for side effects on the method's variables. Variables
    /// declared inside <paramref name="scope"/> (default: <paramref name="syntax"/>) keep their names.
    /// </summary>
    public static (string Text, IReadOnlyList<(SyntaxNode Node, string What)> Problems) Render(
        SyntaxNode syntax, IOperation? operation, SemanticModel model, IMethodSymbol method, Func<ISymbol, string?> variable, CancellationToken cancellationToken, SyntaxNode? scope = null,
        Func<SyntaxNode, string?>? replace = null)
    {
        var renderer = new QualifiedExpression(model, method, variable, cancellationToken) { _scope = scope ?? syntax, _replace = replace };
        if (operation is not null)
        {
            renderer.CheckOperations(operation);
        }

        renderer.Node(syntax);
        return (renderer._text.ToString(), renderer._problems);
    }

    /// <summary>A constant written so that it has its own type wherever it stands (<c>5d</c>, <c>(byte)5</c>, <c>(global::E)(1)</c>).</summary>
    public static string Constant(object? value, ITypeSymbol? type)
    {
        if (type?.TypeKind == TypeKind.Enum && value is not null)
        {
            return "((" + Symbols.Global(type) + ")(" + Primitive(value) + "))";
        }

        var text = value switch
        {
            null => type?.IsReferenceType == true || type is null ? "null" : "default(" + Symbols.Global(type) + ")",
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsInfinity(d) => d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsInfinity(f) => f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
            byte or sbyte or short or ushort => "(" + Symbols.Global(type!) + ")" + Primitive(value),
            _ => Primitive(value),
        };

        // A negative number stays one operand next to any operator or member access.
        return text.StartsWith("-", StringComparison.Ordinal) ? "(" + text + ")" : text;
    }

    private static string Primitive(object value) => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);

    private void Problem(SyntaxNode node, string what) => _problems.Add((node, what));

    private void Node(SyntaxNode node)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_replace?.Invoke(node) is { } replaced)
        {
            Write(replaced, node.GetFirstToken(), node.GetLastToken());
            return;
        }

        switch (node)
        {
            case InvocationExpressionSyntax invocation when Nameof(invocation) is { } name:
                Write(SymbolDisplay.FormatLiteral(name, quote: true), invocation.GetFirstToken(), invocation.GetLastToken());
                return;
            case InvocationExpressionSyntax invocation when ReducedExtension(invocation) is { } extension:
                Extension(invocation, extension);
                return;
            case MemberAccessExpressionSyntax or MemberBindingExpressionSyntax when node.Parent is not InvocationExpressionSyntax
                && _model.GetSymbolInfo(node, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension } group:
                Problem(node, $"the extension method '{group.Name}' used as a delegate (write a lambda that calls it)");
                Tokens(node);
                return;
            case QueryExpressionSyntax:
                Problem(node, "a query expression (write the method calls instead, e.g. xs.Select(v => …))");
                Tokens(node);
                return;

            // Names of members of another object (named arguments, initializer and pattern members): not looked up here.
            case NameColonSyntax or NameEqualsSyntax or ExpressionColonSyntax:
                Tokens(node);
                return;
            case AliasQualifiedNameSyntax alias:
                if (!alias.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword))
                {
                    Problem(node, $"the extern alias '{alias.Alias.Identifier.ValueText}' (the generated file cannot declare it; use a type alias)");
                }

                Tokens(node);
                return;
            case ArgumentSyntax { NameColon: null, Expression: IdentifierNameSyntax element, Parent: TupleExpressionSyntax tuple } argument:
                // (a, b) names its elements after the variables; renamed, they would lose those names.
                TupleElementName(tuple, argument, element);
                Children(node);
                return;
            case AnonymousObjectMemberDeclaratorSyntax { NameEquals: null, Expression: IdentifierNameSyntax member } when IsVariable(member):
                Write(member.Identifier.Text + " =", member.GetFirstToken(), member.GetFirstToken(), trailingSpace: true);
                Children(node);
                return;
            case SimpleNameSyntax name when IsLookedUp(name):
                Name(name);
                return;
            case InterpolatedStringExpressionSyntax interpolated when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken):
                Token(interpolated.StringStartToken);
                _verbatim++;
                foreach (var child in node.ChildNodesAndTokens().Skip(1))
                {
                    Child(child);
                }

                _verbatim--;
                return;
            default:
                Children(node);
                return;
        }
    }

    private void Children(SyntaxNode node)
    {
        foreach (var child in node.ChildNodesAndTokens())
        {
            Child(child);
        }
    }

    private void Child(SyntaxNodeOrToken child)
    {
        if (child.AsNode() is { } childNode)
        {
            Node(childNode);
        }
        else
        {
            Token(child.AsToken());
        }
    }

    /// <summary>A node written as it stands (names that are not looked up in scope).</summary>
    private void Tokens(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            Token(token);
        }
    }

    private void Token(SyntaxToken token) => Write(token.Text, token, token);

    /// <summary>
    /// Appends text that replaces the tokens from <paramref name="first"/> to <paramref name="last"/>. Trivia between
    /// tokens (spaces, line breaks, comments) becomes one space, so the result is one line; the root's outer trivia is dropped.
    /// </summary>
    private void Write(string text, SyntaxToken first, SyntaxToken last, bool trailingSpace = false)
    {
        if (_verbatim > 0)
        {
            _text.Append(first.LeadingTrivia.ToFullString()).Append(text);
            if (!trailingSpace)
            {
                _text.Append(last.TrailingTrivia.ToFullString());
            }
            else
            {
                _text.Append(' ');
            }

            return;
        }

        if (_text.Length > 0 && (_space || first.HasLeadingTrivia))
        {
            _text.Append(' ');
        }

        _text.Append(text);
        _space = trailingSpace || last.HasTrailingTrivia;
    }

    /// <summary>Whether a simple name is looked up in scope (not the member after a dot, and not a declaration's name).</summary>
    private static bool IsLookedUp(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == name,
        QualifiedNameSyntax qualified => qualified.Left == name,
        MemberBindingExpressionSyntax or AliasQualifiedNameSyntax => false,

        // new T { Member = … } and x with { Member = … }: a member of the object being initialized.
        AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } assignment =>
            assignment.Left != name || !(initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.IsKind(SyntaxKind.WithInitializerExpression)),
        _ => true,
    };

    private void Name(SimpleNameSyntax name)
    {
        var info = _model.GetSymbolInfo(name, _cancellationToken);
        var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
        var text = name.Identifier.Text;
        if (name is IdentifierNameSyntax { IsVar: true } && symbol is null or ITypeSymbol)
        {
            Tokens(name);
            return;
        }

        switch (symbol)
        {
            case ILocalSymbol or IParameterSymbol:
                Variable(name, symbol);
                return;
            case IRangeVariableSymbol or IDiscardSymbol or ILabelSymbol or ITypeParameterSymbol or IDynamicTypeSymbol:
                Tokens(name);
                return;
            case INamespaceSymbol ns:
                Write(ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), name.GetFirstToken(), name.GetLastToken());
                return;
            case ITypeSymbol type when name is GenericNameSyntax generic:
                Qualified(Prefix(type) + text, generic);
                return;
            case ITypeSymbol type:
                Write(Symbols.Global(type), name.GetFirstToken(), name.GetLastToken());
                return;
            case IMethodSymbol { MethodKind: MethodKind.LocalFunction } local:
                Problem(name, $"a call to the local function '{local.Name}' (make it a method of the type)");
                Tokens(name);
                return;
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor when name.Parent is AttributeSyntax:
                Write(Symbols.Global(constructor.ContainingType), name.GetFirstToken(), name.GetLastToken());
                return;
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when symbol.IsStatic:
                Qualified(Symbols.Global(symbol.ContainingType) + "." + text, name);
                return;
            case IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol when !_method.IsStatic:
                Qualified("this." + text, name);
                return;
            default:
                Problem(name, symbol is null ? $"'{name}', which could not be resolved" : $"'{name}' here (write it qualified, as Type.{name})");
                Tokens(name);
                return;
        }
    }

    /// <summary>A name replaced by <paramref name="head"/>, followed by its type arguments (rendered themselves).</summary>
    private void Qualified(string head, SimpleNameSyntax name) => Qualified(head, name, name.GetFirstToken());

    private void Qualified(string head, SimpleNameSyntax name, SyntaxToken first)
    {
        if (name is GenericNameSyntax generic)
        {
            Write(head, first, generic.Identifier);
            Node(generic.TypeArgumentList);
        }
        else
        {
            Write(head, first, name.GetLastToken());
        }
    }

    /// <summary>What goes before a type's own name: its containing type or namespace, with <c>global::</c>.</summary>
    private static string Prefix(ITypeSymbol type) =>
        type.ContainingType is { } outer ? Symbols.Global(outer) + "."
        : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "."
        : "global::";

    private void Variable(SimpleNameSyntax name, ISymbol symbol)
    {
        // A const local may stand where only a constant can (a case label, a pattern): its value, not a variable.
        if (symbol is ILocalSymbol { IsConst: true, HasConstantValue: true } constant)
        {
            Write(Constant(constant.ConstantValue, constant.Type), name.GetFirstToken(), name.GetLastToken());
            return;
        }

        if (_variable(symbol) is { } current)
        {
            Write(current, name.GetFirstToken(), name.GetLastToken());
            return;
        }

        // A lambda's parameters and locals, pattern and out variables declared in this same expression keep their names.
        if (symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == _scope.SyntaxTree && _scope.Span.Contains(r.Span)))
        {
            Tokens(name);
            return;
        }

        Problem(name, $"a use of '{symbol.Name}', declared by a pattern, an out argument or a deconstruction in another statement (declare it with its own statement, e.g. var {symbol.Name} = …;)");
        Tokens(name);
    }

    /// <summary>Whether a name is a local or parameter that the generated code renames.</summary>
    private bool IsVariable(IdentifierNameSyntax name) =>
        _model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol
        && symbol is ILocalSymbol { IsConst: false } or IParameterSymbol
        && _variable(symbol) is { } renamed
        && renamed != name.Identifier.ValueText;

    private void TupleElementName(TupleExpressionSyntax tuple, ArgumentSyntax argument, IdentifierNameSyntax element)
    {
        if (!IsVariable(element))
        {
            return;
        }

        // Written only where the name is kept (an explicit name the target type drops is warning CS8123).
        var index = tuple.Arguments.IndexOf(argument);
        var typeInfo = _model.GetTypeInfo(tuple, _cancellationToken);
        var target = (typeInfo.ConvertedType ?? typeInfo.Type) as INamedTypeSymbol;
        if (target is { IsTupleType: true } && index < target.TupleElements.Length && target.TupleElements[index].Name == element.Identifier.ValueText)
        {
            Write(element.Identifier.Text + ":", element.GetFirstToken(), element.GetFirstToken(), trailingSpace: true);
        }
    }

    private string? Nameof(InvocationExpressionSyntax invocation) =>
        invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } nameof
        && _model.GetSymbolInfo(nameof, _cancellationToken).Symbol is null
        && _model.GetConstantValue(invocation, _cancellationToken) is { HasValue: true, Value: string name }
            ? name
            : null;

    private IMethodSymbol? ReducedExtension(InvocationExpressionSyntax invocation) =>
        _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension, ReducedFrom: not null } method
        && invocation.Expression is MemberAccessExpressionSyntax or MemberBindingExpressionSyntax
            ? method
            : null;

    /// <summary><c>a.M(b)</c> with an extension method M: <c>global::N.C.M(a, b)</c>, which needs no using.</summary>
    private void Extension(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        var definition = method.ReducedFrom!;
        if (invocation.Expression is not MemberAccessExpressionSyntax access)
        {
            Problem(invocation, $"the extension method '{method.Name}' called with ?. (test for null first, then call it)");
            Tokens(invocation);
            return;
        }

        // A 'this ref' receiver is passed by reference implicitly; the static call says so (a write to one of the
        // method's variables through it is reported by CheckOperations, like any other write in a copied expression).
        var byReference = definition.Parameters.Length > 0 && definition.Parameters[0].RefKind == RefKind.Ref;
        Qualified(Symbols.Global(definition.ContainingType) + "." + access.Name.Identifier.Text, access.Name, invocation.GetFirstToken());
        Write(byReference ? "(ref" : "(", invocation.ArgumentList.OpenParenToken, invocation.ArgumentList.OpenParenToken, trailingSpace: byReference);
        Node(access.Expression);
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            Write(",", argument.GetFirstToken(), argument.GetFirstToken(), trailingSpace: true);
            Node(argument);
        }

        Token(invocation.ArgumentList.CloseParenToken);
    }

    /// <summary>
    /// What the expression does that a copy cannot: write to the method's variables (they are renamed per assignment,
    /// so the write would be lost), or call extension methods implicitly (a collection initializer's Add).
    /// </summary>
    private void CheckOperations(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            var target = descendant switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };
            var variable = target switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            // Changes inside an expression are taken apart by the parser (BodyParser.Effects.cs); what is left here
            // is a lambda's (it runs later, on variables the generated code has renamed) or a ref or out argument's.
            if (variable is not null && _variable(variable) is not null)
            {
                Problem(descendant.Syntax, descendant.Syntax.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax)
                    ? $"a change to '{variable.Name}' inside a lambda (compute the value in the method body and assign it there)"
                    : $"a change to '{variable.Name}' inside an expression (assign it in its own statement)");
            }

            // (A query expression's implicit calls are reported once, as the query.)
            if (descendant is IInvocationOperation { IsImplicit: true, TargetMethod: { IsExtensionMethod: true } implicitCall }
                && !descendant.Syntax.AncestorsAndSelf().Any(a => a is QueryExpressionSyntax))
            {
                Problem(descendant.Syntax, $"an initializer that calls the extension method '{implicitCall.Name}' (call it in its own statement)");
            }
        }
    }
}
