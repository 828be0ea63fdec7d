using System;
using System.IO;
using System.Threading;

namespace Microsoft.ML.AnoOnly.Persistence
{
    /// <summary>
    /// Forwards writes to another stream and checks a cancellation token before each one: ML.NET's model
    /// saving takes no token, but it writes through the stream it is given. Disposing it leaves the inner
    /// stream open.
    /// </summary>
    internal sealed class CancellableWriteStream : Stream
    {
        private readonly Stream _inner;
        private readonly CancellationToken _cancellation;

        public CancellableWriteStream(Stream inner, CancellationToken cancellation)
        {
            _inner = inner;
            _cancellation = cancellation;
        }

        public override bool CanRead => false;
        public override bool CanSeek => _inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _cancellation.ThrowIfCancellationRequested();
            _inner.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            _cancellation.ThrowIfCancellationRequested();
            _inner.WriteByte(value);
        }

        public override void Flush() => _inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
        public override void SetLength(long value) => _inner.SetLength(value);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
