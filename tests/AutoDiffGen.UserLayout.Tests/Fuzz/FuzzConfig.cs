using System.Globalization;

namespace AutoDiffGen.UserLayout.Tests.Fuzz;

/// <summary>
/// One switch per construct the fuzzer can write. CI runs <see cref="FuzzConfig.PassingToday"/>; the rest are
/// constructs the generator rejects (ADG0004) or gets wrong today, turned on (AUTODIFFGEN_FUZZ_FEATURES=all) as
/// the fixes land, and then added to <see cref="FuzzConfig.PassingToday"/>.
/// </summary>
[Flags]
public enum Feature : long
{
    None = 0,
    Compound = 1 << 0,          // x += e, x *= e
    IfElse = 1 << 1,            // if (int condition) { … } else { … }
    Ternary = 1 << 2,           // c ? a : b
    Switch = 1 << 3,            // switch (n % 3) { case …: }
    For = 1 << 4,               // for (var i = 0; i < n; i++)
    While = 1 << 5,             // while / do-while with run-time bounds
    BreakContinue = 1 << 6,     // if (…) { break; } / continue at the loop body's top level
    EarlyReturn = 1 << 7,       // if (…) { return e; } outside loops
    Calls = 1 << 8,             // calls to earlier generated methods of the same program
    Recursion = 1 << 9,         // a method that calls itself with n - 1
    ValueConditions = 1 << 10,  // conditions on differentiable values (x > 0.3)
    Kinks = 1 << 11,            // Abs, Max, Min, Relu (points near a kink are skipped by the FD check)
    MathConstants = 1 << 12,    // Math.Sqrt(2.0), Math.PI: non-differentiable sub-expressions copied into generated code
    SwitchExpression = 1 << 13, // n switch { 0 => …, _ => … }
    // Scalar constructs the generator rejects or mishandles today (issue 15, item 7; issue 22):
    ReturnInLoop = 1 << 20,     // return inside a loop body
    NestedBreak = 1 << 21,      // break/continue nested inside an if inside an if in the loop body
    IncDec = 1 << 22,           // ++/-- on a differentiable local
    WhenGuards = 1 << 23,       // switch case guards
    // Values that do not reach the result on the path taken: a NaN (Sqrt of a negative), or z = z * z
    // overflowing in a loop before an early return (0·inf).
    DeadValues = 1 << 24,
    NestedReturn = 1 << 25,     // if (…) { return e; } inside another if or a switch, outside loops
    // Checks rather than constructs:
    // A tensor method's WithGradient(...).Value equal to the method's bit for bit (off: within 1e-12, counted).
    TensorValueBits = 1 << 28,
    // Tensor constructs:
    TensorViews = 1 << 30,      // View, Unsqueeze, Flatten, T, Transpose, slicing h[1..], h[..^1], h[0]
    TensorReduceDims = 1L << 31, // Sum(dim, keepDim), Mean(dim), Softmax(dim), LogSoftmax(dim)
    TensorMatMul = 1L << 32,    // MatMul, including 1-D operands
    TensorCat = 1L << 33,       // Tensor.Cat / Tensor.Stack
    TensorBranches = 1L << 34,  // a tensor local reassigned in an if/loop (null adjoints today)
    TensorValueCondition = 1L << 35, // if (h.Sum().Item<double>() > c) reading a fused local
    TensorNewOps = 1L << 36,    // Clamp, Maximum, Minimum, Norm, Expand, Squeeze(), To(DType.Float64), Where
    TensorConstants = 1L << 37, // Tensor.Zeros(3), Tensor.Ones(...) copied into generated code
    // Issue 22: statement and expression forms users write (ScalarWriter.Issue22.cs writes them):
    ConditionEffects = 1L << 40,      // if ((t += e) > c), if ((t = e) < c)
    ShortCircuitEffects = 1L << 41,   // if (n > 1 && (t += e) > c), t++ / --t inside && and ||
    LoopConditionEffects = 1L << 42,  // while ((t += e) < k && i < n), while (i++ < n), do { } while (--c > 0)
    NestedLoopKinds = 1L << 43,       // do/while inside while, while inside do, for inside do
    ForForms = 1L << 44,              // for (;;) with a break, for (int i = 0, j = n; i < j; i++, j--)
    RefLocals = 1L << 45,             // ref double r = ref a; r = r * x; r = ref b;
    LocalArrays = 1L << 46,           // double[] a = { x, 2 * x }, new double[3], element writes, run-time indices, foreach
    UserTypes = 1L << 47,             // record struct, struct with a constructor and field writes, class with get-only properties
    AssignmentValue = 1L << 48,       // y = (t = x) * 2, a = b = e
    IncDecExpressions = 1L << 49,     // return z++ + z, Math.Sin(++z), f(a, ++k)
    GotoCase = 1L << 50,              // switch statements with goto case / goto default
    RelationalSwitch = 1L << 51,      // switch (x) { case > 0.5: … }, x switch { < 0 => …, _ => … }
    RefOutInHelpers = 1L << 52,       // [Differentiable] helpers taking ref / out / in parameters, called as statements
    ClampMaxMin = 1L << 53,           // Math.Clamp, double.Max, double.Min (float.Max, float.Min)
    FloatDoubleConversions = 1L << 54, // float * float assigned to a double, (float) casts back, float constants in double code
    DeferredInit = 1L << 55,          // T v; assigned later (in both branches of an if, or by a later statement)
    EmptyStatements = 1L << 56,       // `;` after a return, and alone
    Discards = 1L << 57,              // _ = e; Debug.Assert(…) as a statement
}

/// <summary>What to generate: the seed, how many programs, and which constructs.</summary>
public sealed record FuzzConfig(int Seed, int ScalarPrograms, int TensorPrograms, Feature Features)
{
    /// <summary>Everything the generator handles today; CI runs only these (see the class summary).</summary>
    public const Feature PassingToday =
        Feature.Compound | Feature.IfElse | Feature.Ternary | Feature.Switch | Feature.For | Feature.While |
        Feature.BreakContinue | Feature.EarlyReturn | Feature.Calls | Feature.Recursion | Feature.ValueConditions |
        Feature.Kinks | Feature.SwitchExpression | Feature.MathConstants | Feature.ReturnInLoop | Feature.NestedBreak |
        Feature.IncDec | Feature.WhenGuards | Feature.DeadValues | Feature.NestedReturn |
        Feature.TensorViews | Feature.TensorReduceDims | Feature.TensorMatMul | Feature.TensorCat |
        Feature.TensorBranches | Feature.TensorValueCondition | Feature.TensorNewOps | Feature.TensorConstants |
        Feature.ConditionEffects | Feature.ShortCircuitEffects | Feature.LoopConditionEffects | Feature.NestedLoopKinds |
        Feature.ForForms | Feature.RefLocals | Feature.LocalArrays | Feature.UserTypes | Feature.AssignmentValue |
        Feature.IncDecExpressions | Feature.GotoCase | Feature.RelationalSwitch | Feature.RefOutInHelpers |
        Feature.ClampMaxMin | Feature.FloatDoubleConversions | Feature.DeferredInit | Feature.EmptyStatements |
        Feature.Discards;

    public const Feature All = (Feature)(-1L);

    /// <summary>
    /// The CI run, or what the environment asks for: AUTODIFFGEN_FUZZ_SEED (an integer, or "random"),
    /// AUTODIFFGEN_FUZZ_COUNT (scalar programs; tensor programs are a quarter of it unless
    /// AUTODIFFGEN_FUZZ_TENSOR_COUNT says), AUTODIFFGEN_FUZZ_FEATURES ("all", or names separated by commas,
    /// "+Name" to add to the CI set).
    /// </summary>
    public static FuzzConfig FromEnvironment()
    {
        var seedText = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_SEED");
        var countText = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_COUNT");
        var tensorText = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_TENSOR_COUNT");
        var featureText = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_FEATURES");
        var seed = seedText switch
        {
            null or "" => 20261207,
            "random" => Random.Shared.Next(1, int.MaxValue),
            _ => int.Parse(seedText, CultureInfo.InvariantCulture),
        };
        var scalar = string.IsNullOrEmpty(countText) ? 60 : int.Parse(countText, CultureInfo.InvariantCulture);
        var tensor = string.IsNullOrEmpty(tensorText) ? (string.IsNullOrEmpty(countText) ? 24 : scalar / 4) : int.Parse(tensorText, CultureInfo.InvariantCulture);
        return new FuzzConfig(seed, scalar, tensor, ParseFeatures(featureText));
    }

    public static Feature ParseFeatures(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PassingToday;
        }

        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = parts.All(p => p.StartsWith('+')) ? PassingToday : Feature.None;
        foreach (var part in parts)
        {
            result |= Enum.Parse<Feature>(part.TrimStart('+'), ignoreCase: true);
        }

        return result;
    }
}
