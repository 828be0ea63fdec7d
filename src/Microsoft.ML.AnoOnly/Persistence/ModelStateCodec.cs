using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// The binary format of <see cref="ModelState"/>:
    /// <code>
    /// "AnoOnly\0" magic (8 bytes) | format version (int32) | backbone, loss (int32) |
    /// feature column name (length-prefixed UTF-8) | feature count (int32) |
    /// threshold (float32) | tensor count (int32) | per tensor: name (length-prefixed UTF-8), rank (int32),
    /// dims (int32 each), values (float32, little endian) | SHA-256 of all preceding bytes (32 bytes)
    /// </code>
    /// The model zip carries it Base64-encoded (see <see cref="SavedPipeline"/>).
    /// </summary>
    internal static class ModelStateCodec
    {
        public const int CurrentFormatVersion = 1;
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
                writer.Write(state.FeatureColumnName);
                writer.Write(state.FeatureCount);
                writer.Write(state.Threshold);
                writer.Write(state.Tensors.Count);
                foreach (KeyValuePair<string, StoredTensor> entry in state.Tensors)
                {
                    writer.Write(entry.Key);
                    writer.Write(entry.Value.Shape.Length);
                    foreach (int dim in entry.Value.Shape)
                        writer.Write(dim);
                    WriteFloats(writer, entry.Value.Data);
                }
            }
            byte[] checksum = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            buffer.Write(checksum);
            return buffer.ToArray();
        }

        public static ModelState Decode(byte[] bytes)
        {
            if (bytes.Length < Magic.Length + 4 + ChecksumLength)
                throw new AnoOnlyModelFormatException($"The AnoOnly model state is truncated ({bytes.Length} bytes).");
            if (!bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new AnoOnlyModelFormatException("The data is not an AnoOnly model state (its header is wrong).");
            int version = BitConverter.ToInt32(bytes, Magic.Length);
            int body = bytes.Length - ChecksumLength;
            bool intact = bytes.AsSpan(body).SequenceEqual(SHA256.HashData(bytes.AsSpan(0, body)));
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

            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, body - Magic.Length - 4), Encoding.UTF8);
                var backbone = (AnoOnlyBackbone)reader.ReadInt32();
                var loss = (AnoOnlyLoss)reader.ReadInt32();
                string featureColumnName = reader.ReadString();
                int featureCount = reader.ReadInt32();
                float threshold = reader.ReadSingle();
                int count = reader.ReadInt32();
                var tensors = new Dictionary<string, StoredTensor>(count);
                for (int i = 0; i < count; i++)
                {
                    string name = reader.ReadString();
                    int rank = reader.ReadInt32();
                    var shape = new int[rank];
                    long size = 1;
                    for (int d = 0; d < rank; d++)
                    {
                        shape[d] = reader.ReadInt32();
                        size *= shape[d];
                    }
                    tensors[name] = new StoredTensor(shape, ReadFloats(reader, checked((int)size)));
                }
                if (!Enum.IsDefined(backbone) || !Enum.IsDefined(loss) || featureCount <= 0)
                    throw new AnoOnlyModelFormatException("The AnoOnly model state names an unknown backbone or loss.");
                return new ModelState(backbone, loss, featureColumnName, featureCount, threshold, tensors);
            }
            catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException)
            {
                throw new AnoOnlyModelFormatException("The AnoOnly model state is malformed: " + e.Message, e);
            }
        }

        public static string EncodeToText(ModelState state) => Convert.ToBase64String(Encode(state));

        public static ModelState DecodeFromText(ReadOnlySpan<char> text)
        {
            byte[] bytes = new byte[(text.Length * 3 + 3) / 4];
            if (!Convert.TryFromBase64Chars(text, bytes, out int written))
                throw new AnoOnlyModelFormatException("The AnoOnly model state is corrupted: it is not valid Base64 text.");
            return Decode(bytes.AsSpan(0, written).ToArray());
        }

        private static void WriteFloats(BinaryWriter writer, float[] values)
        {
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("Big-endian platforms are not supported.");
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        private static float[] ReadFloats(BinaryReader reader, int count)
        {
            var values = new float[count];
            Span<byte> target = MemoryMarshal.AsBytes(values.AsSpan());
            if (reader.Read(target) != target.Length)
                throw new EndOfStreamException($"expected {count} weights.");
            return values;
        }
    }
}
