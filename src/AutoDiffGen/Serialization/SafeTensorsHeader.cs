namespace AutoDiffGen.Serialization;

/// <summary>One tensor's entry in a safetensors header: its dtype as named in the file, shape and byte range.</summary>
/// <param name="Name">The tensor's name (the JSON key).</param>
/// <param name="DType">The dtype name, e.g. <c>F32</c>.</param>
/// <param name="Shape">The sizes, each at most <see cref="int.MaxValue"/> once validated.</param>
/// <param name="Begin">The first byte, relative to the start of the data buffer.</param>
/// <param name="End">One past the last byte, relative to the start of the data buffer.</param>
internal sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;
}

/// <summary>A parsed and validated header: entries in data order (by offset) and the free-form metadata.</summary>
/// <param name="Entries">The tensors, ordered by their position in the data buffer.</param>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when the file has none), in file order.</param>
/// <param name="DataStart">The offset of the data buffer from the first byte of the file (8 + header size).</param>
internal sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    /// <summary>The largest header accepted, as the reference implementation (100 MB): bounds what a file can make us allocate.</summary>
    public const int MaxHeaderSize = 100_000_000;

    /// <summary>The size of the data buffer the entries cover.</summary>
    public long DataLength => Entries.Count == 0 ? 0 : Entries[^1].End;
}
