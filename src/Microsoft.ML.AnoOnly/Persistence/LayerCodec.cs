using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// How a fully connected layer is stored in a member state, and read back as a <see cref="DenseLayer"/>:
    /// <c>name.weight</c> [outputs, inputs] (row-major, PyTorch's layout) and, when the layer has one,
    /// <c>name.bias</c> [outputs]. Every backbone writes and reads its layers through here.
    /// </summary>
    internal static class LayerCodec
    {
        public static string WeightName(string layer) => layer + ".weight";

        public static string BiasName(string layer) => layer + ".bias";

        public static void Store(IDictionary<string, StoredTensor> tensors, string layer, float[] weights, float[]? bias, int outputs, int inputs)
        {
            tensors[WeightName(layer)] = new StoredTensor(new[] { outputs, inputs }, weights);
            if (bias != null)
                tensors[BiasName(layer)] = new StoredTensor(new[] { outputs }, bias);
        }

        /// <summary>The layer, checked against the expected inputs (and outputs, when known: -1 takes the stored width).</summary>
        public static DenseLayer Load(MemberState member, string layer, int inputs, int outputs, Activation activation, bool hasBias = true)
        {
            if (outputs < 0)
                outputs = member.Rows(WeightName(layer), inputs);
            float[] weights = member.Get(WeightName(layer), outputs, inputs);
            float[]? bias = hasBias ? member.Get(BiasName(layer), outputs) : null;
            return new DenseLayer(weights, bias, inputs, outputs, activation);
        }
    }
}
