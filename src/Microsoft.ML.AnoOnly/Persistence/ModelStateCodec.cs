using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// The binary format of <see cref="ModelState"/>, format version 2 (little endian throughout):
    /// <code>
    /// "AnoOnly\0" magic (8 bytes) | format version (int32) | backbone selected, loss (int32) |
    /// feature column name (string) | feature count d (int32) | threshold (float32) |
    /// normal reference: length (int32, 0 or d), values (float32 each) |
    /// member count (int32) | per member:
    ///   backbone, loss (int32) | combination weight, center, scale (float32) | tensor count (int32) |
    ///   per tensor: name (string), rank (int32), dims (int32 each), values (float32 each) |
    /// SHA-256 of all preceding bytes (32 bytes)
    /// </code>
    /// Strings are an int32 byte length and UTF-8 bytes. Format version 1 (one member, no combination, no
    /// reference, 7-bit length prefixes) is still read. The model zip carries the bytes Base64-encoded (see
    /// <see cref="SavedPipeline"/>). Decoding checks every count against the bytes left before allocating
    /// (<see cref="BoundedReader"/>): a model file may come from anywhere.
    /// </summary>
    internal static class ModelStateCodec
    {
        public const int CurrentFormatVersion = 2;

        /// <summary>Sane bounds of a model state; a state beyond them is refused before anything is allocated.</summary>
        internal const int MaxFeatures = 1 << 20, MaxMembers = 64, MaxTensorsPerMember = 64, MaxRank = 4, MaxNameBytes = 1024;

        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("AnoOnly\0");
        private const int ChecksumLength = 32;

        public static byte[] Encode(ModelState state)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(CurrentFormatVersion);
                writer.Write((int)state.Backbone);
                writer.Write((int)state.Loss);
                WriteString(writer, state.FeatureColumnName);
                writer.Write(state.FeatureCount);
                writer.Write(state.Threshold);
                float[] reference = state.NormalReference ?? Array.Empty<float>();
                writer.Write(reference.Length);
                WriteFloats(writer, reference);
                writer.Write(state.Members.Count);
                foreach (MemberState member in state.Members)
                {
                    writer.Write((int)member.Backbone);
                    writer.Write((int)member.Loss);
                    writer.Write(member.Combination.Weight);
                    writer.Write(member.Combination.Center);
                    writer.Write(member.Combination.Scale);
                    writer.Write(member.Tensors.Count);
                    foreach (KeyValuePair<string, StoredTensor> entry in member.Tensors)
                    {
                        WriteString(writer, entry.Key);
                        writer.Write(entry.Value.Shape.Length);
                        foreach (int dim in entry.Value.Shape)
                            writer.Write(dim);
                        WriteFloats(writer, entry.Value.Data);
                    }
                }
            }
            byte[] checksum = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            buffer.Write(checksum);
            return buffer.ToArray();
        }

        public static ModelState Decode(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length < Magic.Length + 4 + ChecksumLength)
                throw new AnoOnlyModelFormatException($"The AnoOnly model state is truncated ({bytes.Length} bytes).");
            if (!bytes.Slice(0, Magic.Length).SequenceEqual(Magic))
                throw new AnoOnlyModelFormatException("The data is not an AnoOnly model state (its header is wrong).");
            int version = BitConverter.ToInt32(bytes.Slice(Magic.Length, 4));
            int body = bytes.Length - ChecksumLength;
            bool intact = bytes.Slice(body).SequenceEqual(SHA256.HashData(bytes.Slice(0, body)));
            // The version is judged before the checksum (a newer format may end differently), but a version
            // field that a damaged byte turned into a large number should not send the user to upgrade.
            if (version > CurrentFormatVersion)
                throw new AnoOnlyModelFormatException(
                    intact
                        ? $"The model was saved by a newer version of Microsoft.ML.AnoOnly (model format version {version}); this " +
                          $"version reads format versions up to {CurrentFormatVersion}. Upgrade Microsoft.ML.AnoOnly to load it."
                        : $"The AnoOnly model state says model format version {version}, newer than the versions up to " +
                          $"{CurrentFormatVersion} this version reads, but its checksum does not match: the model is corrupted.");
            if (version < 1)
                throw new AnoOnlyModelFormatException($"The AnoOnly model state has an invalid format version {version}.");
            if (!intact)
                throw new AnoOnlyModelFormatException("The AnoOnly model state is corrupted or truncated: its checksum does not match.");

            // A checksum only proves the bytes are as written, not that the writer was honest: every field is
            // still checked as it is read.
            var reader = new BoundedReader(bytes.Slice(Magic.Length + 4, body - Magic.Length - 4));
            ModelState state = version == 1 ? ReadVersion1(ref reader) : ReadVersion2(ref reader);
            reader.ExpectEnd();
            return state;
        }

        public static string EncodeToText(ModelState state) => Convert.ToBase64String(Encode(state));

        public static ModelState DecodeFromText(ReadOnlySpan<char> text)
        {
            byte[] bytes = new byte[(text.Length * 3 + 3) / 4];
            if (!Convert.TryFromBase64Chars(text, bytes, out int written))
                throw new AnoOnlyModelFormatException("The AnoOnly model state is corrupted: it is not valid Base64 text.");
            return Decode(bytes.AsSpan(0, written));
        }

        private static ModelState ReadVersion2(ref BoundedReader reader)
        {
            AnoOnlyBackbone selected = (AnoOnlyBackbone)reader.ReadInt32("the backbone");
            AnoOnlyLoss selectedLoss = ReadLoss(ref reader);
            string featureColumnName = reader.ReadString("the feature column name", MaxNameBytes);
            int featureCount = reader.ReadCount("the feature count", 1, MaxFeatures);
            float threshold = reader.ReadNumber("the threshold");
            int referenceLength = reader.ReadInt32("the normal reference length");
            if (referenceLength != 0 && referenceLength != featureCount)
                throw BoundedReader.Malformed($"the normal reference has {referenceLength} values for {featureCount} features");
            float[]? reference = referenceLength == 0 ? null : reader.ReadFloats("the normal reference", referenceLength);
            if (reference != null && !AllFinite(reference))
                throw BoundedReader.Malformed("the normal reference holds a value that is not finite");
            int memberCount = reader.ReadCount("the member count", 1, MaxMembers);
            var members = new MemberState[memberCount];
            for (int m = 0; m < memberCount; m++)
            {
                AnoOnlyBackbone backbone = (AnoOnlyBackbone)reader.ReadInt32("a member's backbone");
                AnoOnlyLoss loss = ReadLoss(ref reader);
                var combination = new ScoreCombination(
                    Finite(reader.ReadSingle("a member's weight"), "a member's weight"),
                    Finite(reader.ReadSingle("a member's center"), "a member's center"),
                    Positive(reader.ReadSingle("a member's scale"), "a member's scale"));
                members[m] = new MemberState(backbone, loss, featureCount, combination, ReadTensors(ref reader, int32Names: true));
            }
            return new ModelState(featureColumnName, featureCount, threshold, members, reference, selected, selectedLoss);
        }

        private static ModelState ReadVersion1(ref BoundedReader reader)
        {
            AnoOnlyBackbone backbone = (AnoOnlyBackbone)reader.ReadInt32("the backbone");
            AnoOnlyLoss loss = ReadLoss(ref reader);
            string featureColumnName = reader.ReadPrefixedString("the feature column name", MaxNameBytes);
            int featureCount = reader.ReadCount("the feature count", 1, MaxFeatures);
            float threshold = reader.ReadNumber("the threshold");
            var member = new MemberState(backbone, loss, featureCount, ScoreCombination.Identity, ReadTensors(ref reader, int32Names: false));
            return new ModelState(featureColumnName, featureCount, threshold, new[] { member });
        }

        private static Dictionary<string, StoredTensor> ReadTensors(ref BoundedReader reader, bool int32Names)
        {
            int count = reader.ReadCount("the tensor count", 1, MaxTensorsPerMember);
            var tensors = new Dictionary<string, StoredTensor>(count);
            for (int i = 0; i < count; i++)
            {
                string name = int32Names ? reader.ReadString("a tensor name", MaxNameBytes) : reader.ReadPrefixedString("a tensor name", MaxNameBytes);
                int rank = reader.ReadCount($"the rank of tensor '{name}'", 1, MaxRank);
                var shape = new int[rank];
                long size = 1;
                for (int d = 0; d < rank; d++)
                {
                    // Each dimension is bounded by the bytes left, so the product cannot overflow a long.
                    shape[d] = reader.ReadCount($"a dimension of tensor '{name}'", 1, Math.Max(1, reader.Remaining / 4));
                    size *= shape[d];
                    if (size > reader.Remaining / 4)
                        throw BoundedReader.Malformed($"tensor '{name}' claims more values than the state holds");
                }
                float[] values = reader.ReadFloats($"tensor '{name}'", size);
                // A trained network's weights are finite (training checks them); a NaN or infinity here would only
                // surface later as scores that are not numbers.
                if (!AllFinite(values))
                    throw BoundedReader.Malformed($"tensor '{name}' holds a value that is not finite");
                if (!tensors.TryAdd(name, new StoredTensor(shape, values)))
                    throw BoundedReader.Malformed($"tensor '{name}' appears twice");
            }
            return tensors;
        }

        private static bool AllFinite(float[] values)
            => float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(values)) || Array.TrueForAll(values, float.IsFinite);

        private static AnoOnlyLoss ReadLoss(ref BoundedReader reader)
        {
            var loss = (AnoOnlyLoss)reader.ReadInt32("the loss");
            return Enum.IsDefined(loss) ? loss : throw BoundedReader.Malformed($"the loss {(int)loss} is unknown");
        }

        private static float Finite(float value, string what)
            => float.IsFinite(value) ? value : throw BoundedReader.Malformed($"{what} is {value}");

        private static float Positive(float value, string what)
            => float.IsFinite(value) && value > 0 ? value : throw BoundedReader.Malformed($"{what} is {value}; expected a positive number");

        private static void WriteString(BinaryWriter writer, string value)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        private static void WriteFloats(BinaryWriter writer, float[] values)
        {
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("Big-endian platforms are not supported.");
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }
}
