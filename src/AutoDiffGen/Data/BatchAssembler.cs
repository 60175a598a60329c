namespace AutoDiffGen;

/// <summary>
/// Reads the samples of a batch and writes them straight into the batch tensor, for a dataset whose samples the
/// loader can build itself (<c>Select(new ToTensor())</c> or <c>Select(new Compose&lt;Image&gt;(new ToTensor(),
/// new Normalize(…)))</c> on <c>(Image, long)</c> samples): the same batch as reading each sample's tensor and
/// stacking them, without the per-sample tensors. One instance per thread: it keeps what it read between the calls.
/// </summary>
/// <remarks>
/// The loader keeps its error contract: <see cref="Read"/> fails where reading that sample would (with its index),
/// and <see cref="Collate"/> fails where <see cref="AutoDiffGen.Collate.Stack"/> would.
/// </remarks>
internal abstract class BatchAssembler<TBatch>
{
    /// <summary>Reads sample <paramref name="index"/> of epoch <paramref name="epoch"/> into slot <paramref name="slot"/> of the batch.</summary>
    public abstract void Read(int slot, int index, int epoch);

    /// <summary>The batch of the first <paramref name="count"/> slots, written into a batch tensor (pooled when the loader reuses batches).</summary>
    public abstract TBatch Collate(int count);

    /// <summary>Forgets the slots, so the assembler keeps no sample alive between batches.</summary>
    public abstract void Clear();
}
