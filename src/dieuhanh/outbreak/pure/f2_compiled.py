"""What the compiled F2 sweep needs beyond plain numba (docs/decisions/0011-numba-f2-sweep.md):
a cache prefetch. Imported by `f2_sweep` only when it compiles (numba is heavy: a web worker
that never traces F2 never imports it). No Django."""

from __future__ import annotations

from typing import Any

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic, overload

from dieuhanh.outbreak.pure import f2_sweep

# numba's own annotations do not describe its decorators' use: seen as Any here
_intrinsic: Any = intrinsic
_overload: Any = overload
_get_or_insert_function: Any = cgutils.get_or_insert_function


def _llvm_prefetch_typing(typingctx: Any, array: Any, index: Any) -> Any:
    """LLVM's `prefetch` (for a write, high locality, data) of `array.flat[index]`'s address:
    a hint, never a fault, whatever the address."""
    signature = types.void(array, index)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        byte = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        function = _get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte, i32, i32, i32]),
            "llvm.prefetch.p0",
        )
        address = builder.bitcast(builder.gep(data, [args[1]]), byte)
        builder.call(function, [address, i32(1), i32(3), i32(1)])
        return context.get_dummy_value()

    return signature, codegen


_llvm_prefetch: Any = _intrinsic(_llvm_prefetch_typing)


def _prefetch(array: Any, index: Any) -> Any:
    """`f2_sweep.prefetch` as the compiled sweep runs it."""

    def implementation(array: Any, index: Any) -> None:
        _llvm_prefetch(array, index)

    return implementation


_overload(f2_sweep.prefetch)(_prefetch)
