using System;
using Microsoft.ML.AnoOnly.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A batch of rows on the training device with its anomaly mask (1 = labeled anomaly).</summary>
    internal readonly record struct Batch(Tensor Rows, Tensor IsAnomaly);

    /// <summary>Draws rows from a <see cref="TrainingSet"/> into tensors.</summary>
    internal sealed class BatchSampler
    {
        private readonly TrainingSet _data;
        private readonly Device _device;

        public BatchSampler(TrainingSet data, Device device)
        {
            _data = data;
            _device = device;
        }

        public TrainingSet Data => _data;
        public Device Device => _device;

        /// <summary>A balanced batch: <paramref name="anomalies"/> labeled anomalies and
        /// <paramref name="unlabeled"/> unlabeled rows, both drawn with replacement.</summary>
        public Batch Balanced(Random random, int anomalies, int unlabeled)
        {
            int width = _data.FeatureCount;
            var values = new float[(anomalies + unlabeled) * width];
            var mask = new float[anomalies + unlabeled];
            for (int i = 0; i < unlabeled; i++)
                _data.Unlabeled.Row(random.Next(_data.Unlabeled.Count)).CopyTo(values.AsSpan(i * width, width));
            for (int i = unlabeled; i < unlabeled + anomalies; i++)
            {
                _data.Anomalies.Row(random.Next(_data.Anomalies.Count)).CopyTo(values.AsSpan(i * width, width));
                mask[i] = 1;
            }
            return new Batch(ToDevice(values, anomalies + unlabeled), tensor(mask, device: _device));
        }

        /// <summary>Unlabeled rows only, drawn with replacement.</summary>
        public Tensor UnlabeledRows(Random random, int count)
        {
            int width = _data.FeatureCount;
            var values = new float[count * width];
            for (int i = 0; i < count; i++)
                _data.Unlabeled.Row(random.Next(_data.Unlabeled.Count)).CopyTo(values.AsSpan(i * width, width));
            return ToDevice(values, count);
        }

        /// <summary>Rows of a buffer, as a tensor.</summary>
        public Tensor Rows(RowBuffer buffer, int start, int count)
            => ToDevice(buffer.Values.Slice(start * buffer.Width, count * buffer.Width).ToArray(), count);

        /// <summary>Row-major feature values of <paramref name="rows"/> rows, as a tensor on the training device.</summary>
        public Tensor ToDevice(float[] values, int rows)
        {
            // On the CPU, torch.tensor wraps the pinned managed array, whose address alignment varies from run to run,
            // and MKL's matrix kernels take alignment-dependent paths: the same seed then gave (slightly) different
            // weights for the wider FEAWAD layers. A copy in libtorch's own (64-byte aligned) memory is reproducible.
            using Tensor wrapped = tensor(values, new long[] { rows, _data.FeatureCount }, device: _device);
            return wrapped.clone();
        }
    }
}
