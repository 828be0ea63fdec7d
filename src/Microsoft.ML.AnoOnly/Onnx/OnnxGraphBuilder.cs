using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.AnoOnly.Onnx.Proto;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Onnx
{
    /// <summary>
    /// Builds one ONNX graph: weights become initializers (raw little-endian bytes), operations become nodes whose
    /// outputs get unique names. Every scorer writes its own subgraph through it (<see cref="IOnnxExportable"/>), with
    /// operators of opset <see cref="OpsetVersion"/> only, which ONNX Runtime, SQL Server's and Azure SQL Edge's PREDICT and
    /// SynapseML's ONNX model all run.
    /// </summary>
    internal sealed class OnnxGraphBuilder
    {
        /// <summary>The ONNX operator set the graph uses (opset 12: Gemm without C, ReduceSumSquare with axes as attribute).</summary>
        public const long OpsetVersion = 12;

        /// <summary>The IR version that goes with opset 12.</summary>
        public const long IrVersion = 7;

        private readonly HashSet<string> _names = new();

        public GraphProto Graph { get; } = new() { Name = "AnoOnly" };

        /// <summary>A name not used yet in the graph, made from <paramref name="prefix"/>.</summary>
        public string Name(string prefix)
        {
            string name = prefix;
            for (int i = 1; !_names.Add(name); i++)
                name = $"{prefix}_{i}";
            return name;
        }

        /// <summary>A float initializer of shape <paramref name="dims"/>; returns its name.</summary>
        public string Constant(string prefix, ReadOnlySpan<float> values, params long[] dims)
        {
            var tensor = new TensorProto { Name = Name(prefix), DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange(dims);
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
            Graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        /// <summary>An int64 initializer (shapes for Reshape).</summary>
        public string Constant(string prefix, long[] values)
        {
            var tensor = new TensorProto { Name = Name(prefix), DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.Add(values.Length);
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
            Graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        /// <summary>A node of <paramref name="opType"/> on <paramref name="inputs"/>; returns its output's name (or
        /// <paramref name="output"/> when given).</summary>
        public string Node(string opType, string[] inputs, string? output = null, params AttributeProto[] attributes)
        {
            string result = output ?? Name(opType.ToLowerInvariant());
            if (output != null)
                _names.Add(output);
            var node = new NodeProto { OpType = opType, Name = Name("node_" + opType) };
            node.Input.AddRange(inputs);
            node.Output.Add(result);
            node.Attribute.AddRange(attributes);
            Graph.Node.Add(node);
            return result;
        }

        /// <summary>A node with several outputs (TopK gives values and indices); returns their names in order.</summary>
        public string[] NodeWithOutputs(string opType, string[] inputs, int outputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = opType, Name = Name("node_" + opType) };
            node.Input.AddRange(inputs);
            string[] names = new string[outputs];
            for (int o = 0; o < outputs; o++)
                names[o] = Name(opType.ToLowerInvariant());
            node.Output.AddRange(names);
            node.Attribute.AddRange(attributes);
            Graph.Node.Add(node);
            return names;
        }

        /// <summary>act(x Wᵀ + b) of a [N, inputs] tensor: one Gemm (W as stored, [outputs, inputs]) and its activation.</summary>
        public string Dense(DenseLayer layer, string input, string prefix)
        {
            string weights = Constant(prefix + ".weight", layer.Weights, layer.Outputs, layer.Inputs);
            var inputs = new List<string> { input, weights };
            if (layer.Bias != null)
                inputs.Add(Constant(prefix + ".bias", layer.Bias, layer.Outputs));
            string linear = Node("Gemm", inputs.ToArray(), null, Int("transB", 1));
            return layer.Activation switch
            {
                Activation.Relu => Node("Relu", new[] { linear }),
                Activation.LeakyRelu => Node("LeakyRelu", new[] { linear }, null, Float("alpha", Activations.LeakySlope)),
                _ => linear,
            };
        }

        /// <summary>Concatenation along the feature axis.</summary>
        public string Concat(params string[] inputs) => Node("Concat", inputs, null, Int("axis", 1));

        public static AttributeProto Int(string name, long value)
            => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

        public static AttributeProto Float(string name, float value)
            => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

        public static AttributeProto Ints(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        /// <summary>A graph input or output of element type <paramref name="elementType"/> and shape [N] or [N, width]
        /// (N symbolic: any number of rows).</summary>
        public static ValueInfoProto Tensor(string name, TensorProto.Types.DataType elementType, int? width)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
            if (width is int w)
                shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = w });
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
            };
        }
    }
}
