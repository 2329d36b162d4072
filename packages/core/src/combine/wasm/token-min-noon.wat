;; Noon `token` combine kernel: for each token, the minimum over its n objectives of max(A, 0)
;; and the first index attaining it, on Float32 advantages read as i32 words (non-negative IEEE
;; floats order like their bit patterns; negative ones clamp to the word 0 = +0.0).
;; Then per token: a mask entry of 0 (when flags bit 0; f32 entries when bit 2, else f64) leaves
;; the token out (min 0, arg −1, not counted); a ratio above `upper` (when flags bit 1; f32 entries
;; when bit 3, else f64; compared in f64) clips every term (min 0, arg 0).
;; counts[arg] (i32 per objective, zeroed by the caller) counts the valid tokens per arg-min.
;; Requires n % 4 == 0 and n <= 32. Returns bit 0 when some advantage word is NaN or ±Infinity,
;; bit 1 when some mask entry is not finite or some ratio is not finite or negative.
(module
  (memory (export "memory") 1)
  (func (export "tokenMinNoon")
    (param $src i32) (param $tokens i32) (param $n i32) (param $outMin i32) (param $outArg i32)
    (param $mask i32) (param $ratios i32) (param $upper f64) (param $flags i32) (param $counts i32)
    (result i32)
    (local $ptr i32) (local $end i32) (local $q i32) (local $j i32) (local $bits i32) (local $p i32)
    (local $valid i32) (local $kept i32) (local $arg i32) (local $slot i32) (local $badTok i32)
    (local $x f64)
    (local $v v128) (local $m v128) (local $bad v128)
    (local.set $ptr (local.get $src))
    (local.set $bad (v128.const i32x4 0 0 0 0))
    (block $done
      (br_if $done (i32.eqz (local.get $tokens)))
      (loop $token
        (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
        ;; running minimum of the clamped words, and the non-finite check
        (local.set $m (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (local.set $q (local.get $ptr))
        (loop $chunk
          (local.set $v (v128.load (local.get $q)))
          (local.set $bad
            (v128.or (local.get $bad)
              (i32x4.add
                (v128.and (local.get $v) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
                (v128.const i32x4 0x00800000 0x00800000 0x00800000 0x00800000))))
          (local.set $m (i32x4.min_s (local.get $m) (i32x4.max_s (local.get $v) (v128.const i32x4 0 0 0 0))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (br_if $chunk (i32.lt_u (local.get $q) (local.get $end))))
        ;; horizontal minimum into every lane
        (local.set $m (i32x4.min_s (local.get $m)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $m) (local.get $m))))
        (local.set $m (i32x4.min_s (local.get $m)
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $m) (local.get $m))))
        ;; lanes equal to the minimum, as one bit per objective; the first set bit is the arg-min
        (local.set $bits (i32.const 0))
        (local.set $q (local.get $ptr))
        (local.set $j (i32.const 0))
        (loop $find
          (local.set $bits
            (i32.or (local.get $bits)
              (i32.shl
                (i32x4.bitmask
                  (i32x4.eq (i32x4.max_s (v128.load (local.get $q)) (v128.const i32x4 0 0 0 0)) (local.get $m)))
                (local.get $j))))
          (local.set $q (i32.add (local.get $q) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $find (i32.lt_u (local.get $q) (local.get $end))))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (if (i32.and (local.get $flags) (i32.const 4))
              (then (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $mask) (i32.shl (local.get $p) (i32.const 2)))))))
              (else (local.set $x (f64.load (i32.add (local.get $mask) (i32.shl (local.get $p) (i32.const 3)))))))
            (local.set $valid (f64.ne (local.get $x) (f64.const 0)))
            (local.set $badTok (i32.or (local.get $badTok) (f64.ne (f64.sub (local.get $x) (local.get $x)) (f64.const 0)))))
          (else (local.set $valid (i32.const 1))))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then
            (if (i32.and (local.get $flags) (i32.const 8))
              (then (local.set $x (f64.promote_f32 (f32.load (i32.add (local.get $ratios) (i32.shl (local.get $p) (i32.const 2)))))))
              (else (local.set $x (f64.load (i32.add (local.get $ratios) (i32.shl (local.get $p) (i32.const 3)))))))
            (local.set $kept (f64.le (local.get $x) (local.get $upper)))
            (local.set $badTok
              (i32.or (local.get $badTok)
                (i32.or (f64.ne (f64.sub (local.get $x) (local.get $x)) (f64.const 0)) (f64.lt (local.get $x) (f64.const 0))))))
          (else (local.set $kept (i32.const 1))))
        (local.set $arg (select (i32.ctz (local.get $bits)) (i32.const 0) (local.get $kept)))
        (i32.store (i32.add (local.get $outMin) (i32.shl (local.get $p) (i32.const 2)))
          (select (i32x4.extract_lane 0 (local.get $m)) (i32.const 0) (i32.and (local.get $valid) (local.get $kept))))
        (i32.store (i32.add (local.get $outArg) (i32.shl (local.get $p) (i32.const 2)))
          (select (local.get $arg) (i32.const -1) (local.get $valid)))
        (local.set $slot (i32.add (local.get $counts) (i32.shl (local.get $arg) (i32.const 2))))
        (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (local.get $valid)))
        (local.set $ptr (local.get $end))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $token (i32.lt_u (local.get $p) (local.get $tokens)))))
    (i32.or
      (i32.ne (i32x4.bitmask (local.get $bad)) (i32.const 0))
      (i32.shl (local.get $badTok) (i32.const 1)))))
