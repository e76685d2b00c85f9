# earshot_embed(OUT_VAR DIR GLOB INCLUDE NAMESPACE FUNCTION TYPE NAMES): a custom command that
# writes a C++ source embedding the files (cmake/embed_files.cmake says what each argument is);
# OUT_VAR receives the generated file's path, to add to a library's sources.
function(earshot_embed out_var dir glob include namespace function type names)
  if(glob STREQUAL "**")
    file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${dir}/*")
  else()
    file(GLOB inputs CONFIGURE_DEPENDS "${dir}/${glob}")
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${function}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DDIR=${dir}" "-DGLOB=${glob}" "-DOUT=${out}" "-DINCLUDE=${include}"
            "-DNAMESPACE=${namespace}" "-DFUNCTION=${function}" "-DTYPE=${type}" "-DNAMES=${names}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    DEPENDS ${inputs} "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake"
    COMMENT "Embedding ${dir}/${glob}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
