namespace AutoDiffGen;

/// <summary>A generator's full state: its seed and how many 128-bit blocks it has used (see <see cref="Generator.GetState"/>).</summary>
public readonly record struct GeneratorState(long Seed, ulong Offset);
