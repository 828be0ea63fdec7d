using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// A model state as the bytes of format version 2 spell it (ModelStateCodec's documented layout), with every field
    /// open to any value, counts and lengths included: the fuzz tests write states the library's own encoder never would,
    /// each with a valid checksum, so that decoding has to judge the content itself.
    /// </summary>
    internal sealed class RawModelState
    {
        public sealed class Tensor
        {
            public string Name = "";
            public int? RankField;
            public int[] Dims = Array.Empty<int>();
            public float[] Values = Array.Empty<float>();
        }

        public sealed class Member
        {
            public int Backbone, Loss;
            public float Weight = 1, Center, Scale = 1;
            public int? TensorCountField;
            public List<Tensor> Tensors = new();
        }

        public int Version = ModelStateCodec.CurrentFormatVersion;
        public int Backbone, Loss;
        public string FeatureColumnName = "Features";
        public int FeatureCount;
        public float Threshold;
        public int? ReferenceLengthField;
        public float[] Reference = Array.Empty<float>();
        public int? MemberCountField;
        public List<Member> Members = new();

        public static RawModelState From(ModelState state) => new()
        {
            Backbone = (int)state.Backbone,
            Loss = (int)state.Loss,
            FeatureColumnName = state.FeatureColumnName,
            FeatureCount = state.FeatureCount,
            Threshold = state.Threshold,
            Reference = state.NormalReference?.ToArray() ?? Array.Empty<float>(),
            Members = state.Members.Select(m => new Member
            {
                Backbone = (int)m.Backbone,
                Loss = (int)m.Loss,
                Weight = m.Combination.Weight,
                Center = m.Combination.Center,
                Scale = m.Combination.Scale,
                Tensors = m.Tensors.Select(t => new Tensor { Name = t.Key, Dims = t.Value.Shape.ToArray(), Values = t.Value.Data.ToArray() }).ToList(),
            }).ToList(),
        };

        /// <summary>The body: everything before the checksum.</summary>
        public byte[] Body()
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Encoding.ASCII.GetBytes("AnoOnly\0"));
                writer.Write(Version);
                writer.Write(Backbone);
                writer.Write(Loss);
                WriteString(writer, FeatureColumnName);
                writer.Write(FeatureCount);
                writer.Write(Threshold);
                writer.Write(ReferenceLengthField ?? Reference.Length);
                foreach (float v in Reference)
                    writer.Write(v);
                writer.Write(MemberCountField ?? Members.Count);
                foreach (Member member in Members)
                {
                    writer.Write(member.Backbone);
                    writer.Write(member.Loss);
                    writer.Write(member.Weight);
                    writer.Write(member.Center);
                    writer.Write(member.Scale);
                    writer.Write(member.TensorCountField ?? member.Tensors.Count);
                    foreach (Tensor tensor in member.Tensors)
                    {
                        WriteString(writer, tensor.Name);
                        writer.Write(tensor.RankField ?? tensor.Dims.Length);
                        foreach (int dim in tensor.Dims)
                            writer.Write(dim);
                        foreach (float v in tensor.Values)
                            writer.Write(v);
                    }
                }
            }
            return buffer.ToArray();
        }

        /// <summary>A body followed by its valid SHA-256 checksum.</summary>
        public static byte[] Sealed(byte[] body) => body.Concat(SHA256.HashData(body)).ToArray();

        private static void WriteString(BinaryWriter writer, string value)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }
}
