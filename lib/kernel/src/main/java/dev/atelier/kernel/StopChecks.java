package dev.atelier.kernel;

import dev.atelier.kernel.runtime.CellStop;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Adds the interrupt check to the classes JShell compiles from cells: a call to
 * {@link CellStop#check()} at the start of every method and before every backward jump, so that
 * {@code while (true) { n++; }} ends at its next turn once the cell is interrupted, on every JDK
 * (the JDK's own local JShell engine does the same; {@code Thread.stop} is gone from JDK 20 on).
 *
 * <p>Contract: the rewritten class behaves exactly as the original while no stop is requested (the
 * check reads one volatile boolean); the operand stack and frames are untouched (the call takes and
 * leaves nothing), so no frame recomputation is needed.
 */
final class StopChecks {
    private static final String OWNER = CellStop.class.getName().replace('.', '/');

    private StopChecks() {}

    /** The class file {@code bytes} with stop checks added. */
    static byte[] instrument(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return mv == null ? null : new CheckingMethod(mv);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class CheckingMethod extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        CheckingMethod(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) check(); // a jump back to code already seen: a loop turn
            super.visitJumpInsn(opcode, label);
        }
    }
}
