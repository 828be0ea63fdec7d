using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>Reads a row's feature vector as dense floats: straight from the buffer when it is dense, through a
    /// reused array when it is sparse. One per cursor or row (not thread-safe).</summary>
    internal sealed class FeatureReader
    {
        private readonly ValueGetter<VBuffer<float>> _getter;
        private VBuffer<float> _buffer;
        private float[] _dense = Array.Empty<float>();

        public FeatureReader(ValueGetter<VBuffer<float>> getter) => _getter = getter;

        /// <summary>The current row's features, valid until the next call.</summary>
        public ReadOnlySpan<float> Read()
        {
            _getter(ref _buffer);
            if (_buffer.IsDense)
                return _buffer.GetValues();
            if (_dense.Length != _buffer.Length)
                _dense = new float[_buffer.Length];
            _buffer.CopyTo(_dense);
            return _dense;
        }
    }
}
