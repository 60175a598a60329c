namespace AutoDiffGen.Serialization;

/// <summary>
/// The element types of the safetensors format: their names in the header, their sizes, and the order the
/// reference writer sorts tensors by. Every name the reference implementation knows is here, so a file with a type
/// AutoDiffGen cannot hold is still checked for structure and then reported by name rather than as "not JSON".
/// </summary>
internal static class SafeTensorsDTypes
{
    // In the reference implementation's declaration order (huggingface/safetensors, safetensors/src/tensor.rs,
    // enum Dtype, which derives Ord): the writer sorts tensors by this rank, descending, then by name.
    private static readonly (string Name, int Bits)[] _known =
    [
        ("BOOL", 8),
        ("F4", 4),
        ("F6_E2M3", 6),
        ("F6_E3M2", 6),
        ("U8", 8),
        ("I8", 8),
        ("F8_E5M2", 8),
        ("F8_E4M3", 8),
        ("F8_E8M0", 8),
        ("F8_E4M3FNUZ", 8),
        ("F8_E5M2FNUZ", 8),
        ("I16", 16),
        ("U16", 16),
        ("F16", 16),
        ("BF16", 16),
        ("I32", 32),
        ("U32", 32),
        ("F32", 32),
        ("C64", 64),
        ("F64", 64),
        ("I64", 64),
        ("U64", 64),
    ];

    /// <summary>The header name of a dtype, e.g. <c>F32</c>.</summary>
    public static string Name(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        DType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The writer's sort key: a larger rank is written first.</summary>
    public static int Rank(DType dtype) => Array.FindIndex(_known, k => k.Name == Name(dtype));

    /// <summary>The size in bits of one element of a dtype named in a header, or false for an unknown name.</summary>
    public static bool TryGetBits(string name, out int bits)
    {
        foreach (var (known, size) in _known)
        {
            if (known == name)
            {
                bits = size;
                return true;
            }
        }

        bits = 0;
        return false;
    }

    /// <summary>
    /// The AutoDiffGen dtype a stored type loads as: the five dtypes as themselves, and F16 and BF16 widened to
    /// Float32 (exactly: every half and bfloat16 value is a float). False for the types there is no dtype for.
    /// </summary>
    public static bool TryGetLoadedDType(string name, out DType dtype)
    {
        (var ok, dtype) = name switch
        {
            "F32" or "F16" or "BF16" => (true, DType.Float32),
            "F64" => (true, DType.Float64),
            "I64" => (true, DType.Int64),
            "I32" => (true, DType.Int32),
            "BOOL" => (true, DType.Bool),
            _ => (false, DType.Float32),
        };
        return ok;
    }

    /// <summary>All names, for messages.</summary>
    public static string KnownNames => string.Join(", ", _known.Select(k => k.Name));
}
