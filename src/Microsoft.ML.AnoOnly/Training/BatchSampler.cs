using System;
using Microsoft.ML.AnoOnly.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>A batch of rows on the training device with its anomaly mask (1 = labeled anomaly) and, when the
    /// training set has confirmed normals, their mask (1 = confirmed normal; null otherwise).</summary>
    internal readonly record struct Batch(Tensor Rows, Tensor IsAnomaly, Tensor? IsConfirmedNormal = null);

    /// <summary>Draws rows from a <see cref="TrainingSet"/> into tensors.</summary>
    internal sealed class BatchSampler
    {
        private readonly TrainingSet _data;
        private readonly Device _device;
        private readonly float[]?[] _scratch = new float[]?[5];

        public BatchSampler(TrainingSet data, Device device)
        {
            _data = data;
            _device = device;
        }

        public TrainingSet Data => _data;
        public Device Device => _device;

        /// <summary>
        /// A balanced batch: <paramref name="anomalies"/> labeled anomalies and <paramref name="normal"/> other rows, all
        /// drawn with replacement. The other rows are unlabeled rows, except when the training set has confirmed
        /// normals: then <see cref="ConfirmedNormalShare"/> of them are confirmed normals (after the unlabeled rows,
        /// before the anomalies), all of them when no unlabeled row is left. Without confirmed normals the draws are
        /// exactly those of a set without the column.
        /// </summary>
        public Batch Balanced(Random random, int anomalies, int normal)
        {
            int width = _data.FeatureCount;
            int confirmed = ConfirmedNormalShare(normal);
            int unlabeled = normal - confirmed;
            Span<float> values = Scratch(0, (anomalies + normal) * width);
            Span<float> mask = Scratch(2, anomalies + normal);
            mask.Clear();
            for (int i = 0; i < unlabeled; i++)
                _data.Unlabeled.Row(random.Next(_data.Unlabeled.Count)).CopyTo(values.Slice(i * width, width));
            for (int i = unlabeled; i < normal; i++)
                _data.ConfirmedNormals.Row(random.Next(_data.ConfirmedNormals.Count)).CopyTo(values.Slice(i * width, width));
            for (int i = normal; i < normal + anomalies; i++)
            {
                _data.Anomalies.Row(random.Next(_data.Anomalies.Count)).CopyTo(values.Slice(i * width, width));
                mask[i] = 1;
            }
            Tensor? confirmedMask = null;
            if (_data.ConfirmedNormals.Count > 0)
            {
                Span<float> marks = Scratch(3, anomalies + normal);
                marks.Clear();
                marks.Slice(unlabeled, confirmed).Fill(1);
                confirmedMask = TensorImport.Vector(marks, _device);
            }
            return new Batch(ToDevice(values, anomalies + normal), TensorImport.Vector(mask, _device), confirmedMask);
        }

        /// <summary>
        /// How many of <paramref name="normal"/> non-anomaly places of a batch go to confirmed normals: half of them (a
        /// quarter of a balanced batch), fewer when there are fewer distinct confirmed normals, none when there are none,
        /// and always at least one place left to an unlabeled row; all of them when there is no unlabeled row. A fixed
        /// share, rather than their share of the data, makes BatchNorm see them in every batch, however few they are
        /// beside the unlabeled rows.
        /// </summary>
        public int ConfirmedNormalShare(int normal)
            => _data.Unlabeled.Count == 0 ? normal : Math.Max(0, Math.Min(Math.Min(_data.ConfirmedNormals.Count, normal / 2), normal - 1));

        /// <summary>Unlabeled rows only (<see cref="TrainingSet.NormalRows"/>), drawn with replacement.</summary>
        public Tensor UnlabeledRows(Random random, int count)
        {
            int width = _data.FeatureCount;
            Span<float> values = Scratch(0, count * width);
            RowBuffer rows = _data.NormalRows;
            for (int i = 0; i < count; i++)
                rows.Row(random.Next(rows.Count)).CopyTo(values.Slice(i * width, width));
            return ToDevice(values, count);
        }

        /// <summary>Rows of a buffer, as a tensor.</summary>
        public Tensor Rows(RowBuffer buffer, int start, int count)
            => ToDevice(buffer.Values.Slice(start * buffer.Width, count * buffer.Width), count);

        /// <summary>
        /// The first <paramref name="length"/> values of a reusable array, one per <paramref name="slot"/> (0 to 4: one per
        /// array a batch fills at once, such as a pair batch's two sides, its targets and its marks), holding whatever the
        /// last batch left there and overwritten by the next call with that slot: <see cref="ToDevice"/> and
        /// <see cref="TensorImport"/> copy them, so no tensor keeps them. Networks trained side by side share one no-GC
        /// region (<see cref="GcPause"/>), in which every byte allocated is fresh memory, and batches of wide rows would
        /// otherwise allocate hundreds of KB each and exhaust it.
        /// </summary>
        public Span<float> Scratch(int slot, int length) => Reuse(ref _scratch[slot], length);

        /// <summary>The first <paramref name="length"/> elements of <paramref name="buffer"/>, grown (cleared) first when
        /// it is shorter: the one way a batch keeps an array for the next.</summary>
        public static Span<T> Reuse<T>(ref T[]? buffer, int length)
        {
            if (buffer is null || buffer.Length < length)
                buffer = new T[length];
            return buffer.AsSpan(0, length);
        }

        /// <summary>Row-major feature values of <paramref name="rows"/> rows, as a tensor on the training device.</summary>
        public Tensor ToDevice(ReadOnlySpan<float> values, int rows)
            => TensorImport.Values(values, stackalloc long[] { rows, _data.FeatureCount }, _device);
    }
}
